//! Text made inert and sized for terminal cells: strips what a terminal would act on, and
//! measures, cuts, pads and wraps by display width. Knows nothing of styles or layout.

use std::borrow::Cow;

use chrono::TimeDelta;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::domain::Timestamp;

pub const ELLIPSIS: &str = "…";

/// Characters that must not reach the terminal: controls (C0, DEL, C1) and the bidi
/// embedding, override and isolate controls that could reorder what is drawn around them.
fn is_inert_breaking(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Makes untrusted single-line text safe to draw: escape sequences (CSI, OSC, DCS and
/// friends, 7- and 8-bit) are removed whole, other controls and bidi controls are dropped,
/// and tabs and line breaks become one space.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_with(s, false)
}

/// Like [`sanitize`] but keeps `\n`, for multi-line text such as descriptions.
pub fn sanitize_multiline(s: &str) -> Cow<'_, str> {
    sanitize_with(s, true)
}

fn sanitize_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let cleaned = strip_controls(s, keep_newlines);
    if cleaned
        .chars()
        .any(crate::azdo::convert::is_width_ambiguous)
    {
        Cow::Owned(crate::azdo::convert::simplify_emoji(&cleaned))
    } else {
        cleaned
    }
}

fn strip_controls(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(is_inert_breaking) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                Some(n) if ('\u{20}'..='\u{7e}').contains(&n) => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' if keep_newlines => out.push('\n'),
            '\r' if keep_newlines => {}
            '\t' | '\n' | '\r' | '\u{0b}' | '\u{0c}' => out.push(' '),
            c if is_inert_breaking(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Skips a control sequence's parameters and intermediates up to and including its final byte.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || !('\u{20}'..='\u{7e}').contains(&c) {
            return;
        }
    }
}

/// Skips an OSC/DCS/SOS/PM/APC string up to its terminator (BEL, ST or ESC `\`).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

/// Display width in cells, measured per grapheme cluster the way the buffer places them.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// The longest prefix of `s` that fits in `max` cells without splitting a grapheme,
/// and its width.
pub fn take_width(s: &str, max: usize) -> (&str, usize) {
    let mut used = 0;
    let mut end = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = g.width();
        if used + w > max {
            return (&s[..end], used);
        }
        used += w;
        end = i + g.len();
    }
    (s, used)
}

/// `s` cut to at most `max` cells, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let (head, _) = take_width(s, max - 1);
    let mut out = String::with_capacity(head.len() + ELLIPSIS.len());
    out.push_str(head.trim_end());
    out.push_str(ELLIPSIS);
    out
}

/// `s` followed by spaces up to `cells`; `s` must already fit.
pub fn pad(s: &str, cells: usize) -> String {
    let w = width(s);
    let mut out = String::with_capacity(s.len() + cells.saturating_sub(w));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// `s` truncated or padded to exactly `cells`.
pub fn fit(s: &str, cells: usize) -> String {
    pad(&truncate(s, cells), cells)
}

/// `s` truncated, then right-aligned in exactly `cells`.
pub fn fit_right(s: &str, cells: usize) -> String {
    let t = truncate(s, cells);
    let mut out = " ".repeat(cells.saturating_sub(width(&t)));
    out.push_str(&t);
    out
}

/// Splits off the first line of at most `max` cells, breaking at the last space that fits
/// (or inside a word that is longer than a line); the remainder has its leading spaces removed.
pub fn split_line(s: &str, max: usize) -> (&str, &str) {
    let (head, _) = take_width(s, max);
    if head.len() == s.len() {
        return (s, "");
    }
    // Break after the last space, or after a hyphen between letters ("Right-to-left",
    // not "--flag").
    let inner_hyphen = |i: usize| {
        i > 0
            && head[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            && s[i + 1..].chars().next().is_some_and(char::is_alphabetic)
    };
    let cut = match head.rfind([' ', '-']) {
        _ if s[head.len()..].starts_with(' ') => head.len(),
        Some(i) if head[i..].starts_with('-') && inner_hyphen(i) => i + 1,
        Some(i) if head[i..].starts_with('-') => head[..i]
            .rfind(' ')
            .filter(|&j| j > 0)
            .unwrap_or(head.len()),
        Some(i) if !head[..i].trim_end().is_empty() => i,
        _ => head.len(),
    };
    if cut == 0 {
        // Not even one grapheme fits; take one anyway so wrapping always advances.
        let first = s.graphemes(true).next().map_or(0, str::len);
        return (&s[..first], s[first..].trim_start_matches(' '));
    }
    (
        s[..cut].trim_end_matches(' '),
        s[cut..].trim_start_matches(' '),
    )
}

/// Word-wraps each line of `s` to `max` cells. An empty input gives no lines.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    if max == 0 {
        return out;
    }
    for line in s.lines() {
        let mut rest = line.trim_end();
        if rest.is_empty() {
            out.push(String::new());
            continue;
        }
        while !rest.is_empty() {
            let (head, tail) = split_line(rest, max);
            out.push(truncate(head, max));
            rest = tail;
        }
    }
    out
}

/// How long ago `then` was, coarsely: `12 s`, `4 min`, `3 h`, `2 d`. Future times read `0 s`.
pub fn age(now: Timestamp, then: Timestamp) -> String {
    let secs = (now - then).num_seconds().max(0);
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86_400 => format!("{} h", secs / 3600),
        _ => format!("{} d", secs / 86_400),
    }
}

/// A duration as a clock reads it: `45s`, `3m 07s`, `1h 02m`.
pub fn duration(d: TimeDelta) -> String {
    let secs = d.num_seconds().max(0);
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m {:02}s", secs / 60, secs % 60),
        _ => format!("{}h {:02}m", secs / 3600, (secs % 3600) / 60),
    }
}

/// `14:02:11`, in UTC.
pub fn clock(t: Timestamp) -> String {
    t.format("%H:%M:%S").to_string()
}

/// `3 Dec 2026 14:02`, in UTC.
pub fn date_time(t: Timestamp) -> String {
    t.format("%-d %b %Y %H:%M").to_string()
}

/// `3 Dec 2026`, in UTC.
pub fn date(t: Timestamp) -> String {
    t.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn sanitize_removes_escape_sequences_whole() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "ab");
        assert_eq!(sanitize("a\u{1b}[38;5;196mred\u{1b}[0m"), "ared");
        assert_eq!(sanitize("\u{1b}]0;title\u{7}after"), "after");
        assert_eq!(
            sanitize("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\"),
            "link"
        );
        assert_eq!(sanitize("x\u{9b}31my"), "xy");
        assert_eq!(sanitize("x\u{1b}cy"), "xy");
        assert_eq!(sanitize("end\u{1b}"), "end");
        assert_eq!(sanitize("open\u{1b}]never closed"), "open");
    }

    #[test]
    fn sanitize_drops_controls_and_bidi() {
        assert_eq!(sanitize("bell\u{7}!"), "bell!");
        assert_eq!(sanitize("del\u{7f}\u{85}\u{9c}x"), "delx");
        assert_eq!(sanitize("abc\u{202e}def\u{2066}g\u{2069}"), "abcdefg");
        assert_eq!(sanitize("tab\there\nline"), "tab here line");
        assert_eq!(sanitize_multiline("one\r\ntwo\u{7}"), "one\ntwo");
    }

    #[test]
    fn sanitize_simplifies_emoji_terminals_disagree_on() {
        assert_eq!(sanitize("Japan 🇯🇵"), "Japan JP");
        assert_eq!(sanitize("👩\u{200D}💻 pairing"), "👩 pairing");
        assert_eq!(sanitize("🏳\u{FE0F}\u{200D}🌈 theme"), "🏳 theme");
        assert_eq!(sanitize("plain 🚀 é"), "plain 🚀 é");
    }

    #[test]
    fn split_line_breaks_long_words_at_hyphens() {
        assert_eq!(
            split_line("Right-to-left text", 11),
            ("Right-to-", "left text")
        );
        assert_eq!(split_line("two words", 6), ("two", "words"));
        assert_eq!(split_line("unbreakable", 4), ("unbr", "eakable"));
        assert_eq!(split_line("x --tenant y", 4), ("x", "--tenant y"));
        // Ids are not words: a GUID is not broken at its hyphens.
        assert_eq!(
            split_line("tenant 21bade02-6a6a-4768", 20),
            ("tenant", "21bade02-6a6a-4768")
        );
    }

    #[test]
    fn sanitize_borrows_clean_text() {
        assert!(matches!(sanitize("Zoë Ångström 🚀 田中"), Cow::Borrowed(_)));
    }

    #[test]
    fn width_counts_graphemes_as_drawn() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("田中"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("👩‍💻"), 2);
        assert_eq!(width("🚀"), 2);
    }

    #[test]
    fn truncate_never_splits_a_grapheme() {
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("田中田中", 4), "田…");
        assert_eq!(truncate("田中田中", 5), "田中…");
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        assert_eq!(truncate("👩‍💻👩‍💻", 3), "👩‍💻…");
        assert_eq!(truncate("🇯🇵🇯🇵🇯🇵", 5), "🇯🇵🇯🇵…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
        for n in 0..12 {
            assert!(width(&truncate("a👩‍💻b田e\u{301}🇯🇵c", n)) <= n);
        }
    }

    #[test]
    fn fit_pads_to_exact_width() {
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(width(&fit("田中田中", 5)), 5);
        assert_eq!(fit_right("7", 3), "  7");
        assert_eq!(pad("田", 3), "田 ");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_hard_breaks_long_words() {
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 4), ["a", "", "b"]);
        assert_eq!(wrap("田中田中", 3), ["田", "中", "田", "中"]);
        assert_eq!(wrap("ab cd ef", 5), ["ab cd", "ef"]);
        assert_eq!(
            wrap("Show delivery estimates", 11),
            ["Show", "delivery", "estimates"]
        );
        assert!(wrap("x", 0).is_empty());
        assert_eq!(wrap("田", 1), ["…"]);
    }

    #[test]
    fn age_is_coarse_and_never_negative() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 14, 5, 0).unwrap();
        assert_eq!(age(now, now - TimeDelta::seconds(12)), "12 s");
        assert_eq!(age(now, now - TimeDelta::seconds(250)), "4 min");
        assert_eq!(age(now, now - TimeDelta::hours(3)), "3 h");
        assert_eq!(age(now, now - TimeDelta::hours(49)), "2 d");
        assert_eq!(age(now, now + TimeDelta::seconds(5)), "0 s");
    }

    #[test]
    fn duration_reads_like_a_clock() {
        assert_eq!(duration(TimeDelta::seconds(45)), "45s");
        assert_eq!(duration(TimeDelta::seconds(187)), "3m 07s");
        assert_eq!(duration(TimeDelta::seconds(3720)), "1h 02m");
    }
}
