"""The deck's colours, chosen from the district's branding for legible text.

A district picks brand colours; we pick the text colour for every background
so that it reaches WCAG AA (4.5:1). The district loader already refuses brand
colours too light for white text, but a deck must never depend on that: a
background that no text colour can reach 4.5:1 on is darkened until it can.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit import colors
from toolkit.config.district import District

#: Footer grey on white: 7:1.
MUTED = "#595959"


def text_on(background: str, preferred: str | None = None) -> str:
    """``preferred`` if it is legible on ``background``, else white or near-black."""
    if preferred and colors.contrast_ratio(preferred, background) >= colors.AA_NORMAL:
        return preferred
    return colors.readable_on(background)


def carries_text(background: str) -> str:
    """``background``, or the closest darker shade that some text colour reads on."""
    if colors.contrast_ratio(colors.readable_on(background), background) >= colors.AA_NORMAL:
        return background
    return colors.darken_until(background)


@dataclass(frozen=True)
class Theme:
    primary: str
    accent: str
    #: Plain slides: white background, titles in the brand colour, dark body text.
    background: str = colors.WHITE
    title_text: str = colors.DEFAULT_PRIMARY
    body_text: str = colors.TEXT_DARK
    muted_text: str = MUTED
    #: The title slide is in the primary colour, section slides in the accent.
    cover_background: str = colors.DEFAULT_PRIMARY
    cover_text: str = colors.WHITE
    section_background: str = colors.DEFAULT_ACCENT
    section_text: str = colors.WHITE
    #: Diagram boxes and table rows: a light tint of the primary colour, a
    #: neutral grey (the "before" of an example), their text, and the lines
    #: and arrows that join boxes (3:1 on white at least, as graphics need).
    panel: str = "#e4ebf2"
    panel_text: str = colors.TEXT_DARK
    neutral: str = "#eeeeee"
    neutral_text: str = colors.TEXT_DARK
    line: str = colors.DEFAULT_PRIMARY

    @classmethod
    def for_district(cls, district: District | None) -> Theme:
        primary = district.branding.primary_color if district else colors.DEFAULT_PRIMARY
        accent = district.branding.accent_color if district else colors.DEFAULT_ACCENT
        cover, section = carries_text(primary), carries_text(accent)
        panel = colors.mix(primary, colors.WHITE, 0.86)
        return cls(
            primary=primary,
            accent=accent,
            title_text=text_on(colors.WHITE, primary if _legible(primary) else
                               colors.darken_until(primary)),
            body_text=text_on(colors.WHITE, colors.TEXT_DARK),
            muted_text=text_on(colors.WHITE, MUTED),
            cover_background=cover,
            cover_text=text_on(cover, colors.WHITE),
            section_background=section,
            section_text=text_on(section, colors.WHITE),
            panel=panel,
            panel_text=text_on(panel, colors.TEXT_DARK),
            neutral_text=text_on("#eeeeee", colors.TEXT_DARK),
            line=colors.darken_until(primary, colors.WHITE, 3.0),
        )

    def scheme(self) -> dict[str, str]:
        """The theme's colour scheme, so slides a user adds match the deck."""
        return {
            "dk1": self.body_text,
            "lt1": colors.WHITE,
            "dk2": self.title_text,
            "lt2": "#eeeeee",
            "accent1": self.primary,
            "accent2": self.accent,
            "accent3": colors.mix(self.primary, colors.WHITE, 0.35),
            "accent4": colors.mix(self.accent, colors.WHITE, 0.35),
            "accent5": MUTED,
            "accent6": colors.mix(self.primary, colors.BLACK, 0.35),
            "hlink": self.title_text,
            "folHlink": colors.mix(self.title_text, colors.BLACK, 0.3),
        }


def _legible(color: str) -> bool:
    return colors.contrast_ratio(color, colors.WHITE) >= colors.AA_NORMAL
