//! HTML descriptions to terminal-safe plain text: size-limited, and with every
//! control character (ANSI escapes included) removed.

use unicode_segmentation::UnicodeSegmentation;

/// Inputs longer than this many bytes are cut before conversion.
pub const HTML_INPUT_LIMIT: usize = 64 * 1024;

/// The line appended when the input was cut.
pub const TRUNCATED_NOTE: &str = "… (description truncated)";

/// Renders HTML as plain text wrapped to `width` columns.
///
/// Inputs over [`HTML_INPUT_LIMIT`] bytes are cut at a character boundary and
/// [`TRUNCATED_NOTE`] is appended as a last line. If the renderer fails (for
/// example when `width` is too narrow) tags are stripped crudely instead. The
/// result holds no control characters other than `\n` and `\t`.
pub fn html_to_text(html: &str, width: usize) -> String {
    let (input, truncated) = if html.len() > HTML_INPUT_LIMIT {
        let mut end = HTML_INPUT_LIMIT;
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        (&html[..end], true)
    } else {
        (html, false)
    };
    // Literal escape sequences go before rendering so none of their bytes show;
    // the pass after rendering catches controls produced from entities.
    let mut input = strip_controls(input);
    // html2text miscounts the width of emoji sequences and can then underflow
    // (a panic in debug builds); give it forms whose width is unambiguous.
    if input.chars().any(is_width_ambiguous) {
        input = simplify_emoji(&input);
    }
    let rendered = html2text::config::plain_no_decorate()
        .link_footnotes(true)
        .string_from_read(input.as_bytes(), width.max(1))
        .unwrap_or_else(|_| crude_strip(&input));
    let mut out = strip_controls(&rendered);
    if truncated {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(TRUNCATED_NOTE);
    }
    out
}

/// Parts of emoji sequences whose width terminals disagree on (ZWJ sequences, the
/// emoji variation selector, flag pairs). Drawn as-is they make a terminal and the
/// screen model drift apart and leave stray glyphs behind.
pub fn is_width_ambiguous(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{FE0F}' | '\u{1F1E6}'..='\u{1F1FF}')
}

/// Replace width-ambiguous emoji sequences with forms every terminal draws alike: a
/// flag becomes its two letters (🇯🇵 → JP), a ZWJ sequence its first emoji
/// (👩‍💻 → 👩), and emoji variation selectors are dropped.
pub fn simplify_emoji(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for g in s.graphemes(true) {
        if !g.chars().any(is_width_ambiguous) {
            out.push_str(g);
            continue;
        }
        for c in g.chars() {
            match c {
                '\u{200D}' => break,
                '\u{FE0F}' => {}
                '\u{1F1E6}'..='\u{1F1FF}' => {
                    let letter = u32::from(c) - 0x1F1E6 + u32::from(b'A');
                    out.push(char::from_u32(letter).unwrap_or('?'));
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Removes control characters except `\n` and `\t`: C0, DEL and C1. An ESC or
/// CSI that starts an escape sequence takes the whole sequence with it, so
/// `"\x1b[31mred"` becomes `"red"`.
pub fn strip_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']') => {
                    chars.next();
                    skip_osc(&mut chars);
                }
                // Two-character escapes such as `ESC c` or `ESC 7`.
                Some(&n) if ('\u{20}'..='\u{7e}').contains(&n) => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' => skip_osc(&mut chars),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Skips CSI parameters and the final byte; stops early at anything that cannot
/// be part of the sequence, leaving it to the caller.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{20}'..='\u{3f}' => {
                chars.next();
            }
            '\u{40}'..='\u{7e}' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// Skips an OSC string up to BEL or ST (`ESC \`), or to a newline.
fn skip_osc(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            '\n' => return,
            _ => {
                chars.next();
            }
        }
    }
}

/// Fallback renderer: drops tags (and `<script>`/`<style>` bodies), turns block
/// ends into newlines and decodes the common entities.
fn crude_strip(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = after[1..gt].trim().to_ascii_lowercase();
        rest = &after[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if !tag.starts_with('/') && (name == "script" || name == "style") {
            let close = format!("</{name}");
            rest = match rest.to_ascii_lowercase().find(&close) {
                Some(i) => rest[i..].find('>').map_or("", |j| &rest[i + j + 1..]),
                None => "",
            };
            continue;
        }
        if matches!(
            name.as_str(),
            "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn assert_clean(s: &str) {
        assert!(
            s.chars().all(|c| c == '\n' || c == '\t' || !c.is_control()),
            "control character left in {s:?}"
        );
    }

    #[test]
    fn plain_paragraphs_and_entities() {
        let t = html_to_text(
            "<p>Hello &amp; welcome</p><p>5 &lt; 6 &gt; 4 &quot;q&quot;</p>",
            80,
        );
        assert!(t.contains("Hello & welcome"), "{t:?}");
        assert!(t.contains("5 < 6 > 4 \"q\""), "{t:?}");
        assert_clean(&t);
    }

    #[test]
    fn script_and_style_bodies_are_not_shown() {
        let t = html_to_text(
            "<div>before<script>alert('x')</script><style>p{color:red}</style>after</div>",
            80,
        );
        assert!(!t.contains("alert"), "{t:?}");
        assert!(!t.contains("color:red"), "{t:?}");
        assert!(t.contains("before"), "{t:?}");
        assert!(t.contains("after"), "{t:?}");
    }

    #[test]
    fn ansi_escapes_in_text_and_entities_do_not_survive() {
        let html = "<p>\u{1b}[31mred\u{1b}[0m &#27;[1mbold&#27;[0m \u{9b}2Jc1 \
                    \u{1b}]0;title\u{7}ok \u{7}bell\u{0}nul\u{7f}del\r</p>";
        let t = html_to_text(html, 80);
        assert_clean(&t);
        assert!(!t.contains('\u{1b}'));
        assert!(t.contains("red"), "{t:?}");
        assert!(!t.contains("[31m"), "{t:?}");
        assert!(!t.contains("2J"), "{t:?}");
        assert!(!t.contains("title"), "{t:?}");
        assert!(t.contains("ok"), "{t:?}");
    }

    #[test]
    fn strip_controls_keeps_newline_tab_and_unicode() {
        assert_eq!(strip_controls("a\tb\nc"), "a\tb\nc");
        assert_eq!(strip_controls("Zoë 日本 🙂"), "Zoë 日本 🙂");
        assert_eq!(strip_controls("x\u{1b}[1;32my\u{1b}[mz"), "xyz");
        assert_eq!(strip_controls("\u{1b}"), "");
        assert_eq!(strip_controls("\u{1b}[12"), "");
        assert_eq!(strip_controls("a\u{1b}]8;;http://e\u{1b}\\b"), "ab");
        assert_eq!(strip_controls("a\u{85}b\u{9f}c"), "abc");
    }

    #[test]
    fn large_input_is_cut_and_marked() {
        let mut html = String::from("<div>");
        while html.len() < 200 * 1024 {
            html.push_str("<p>Zoë’s paragraph with some words in it.</p>");
        }
        html.push_str("<p>THE-END-MARKER</p></div>");
        let t = html_to_text(&html, 100);
        assert!(
            t.ends_with(TRUNCATED_NOTE),
            "{}",
            &t[t.len().saturating_sub(200)..]
        );
        assert!(!t.contains("THE-END-MARKER"));
        assert!(t.contains("Zoë’s paragraph"));
        assert_clean(&t);
    }

    #[test]
    fn cut_lands_on_char_boundary() {
        let html = "é".repeat(HTML_INPUT_LIMIT);
        let t = html_to_text(&html, 80);
        assert!(t.ends_with(TRUNCATED_NOTE));
        assert!(t.contains('é'));
    }

    #[test]
    fn short_input_is_not_marked() {
        let t = html_to_text("Follow the code samples from MSDN", 80);
        assert_eq!(t.trim_end(), "Follow the code samples from MSDN");
        assert_eq!(html_to_text("", 80).trim(), "");
    }

    #[test]
    fn narrow_widths_do_not_panic() {
        for w in [0, 1, 2, 3] {
            let t = html_to_text(
                "<table><tr><td>abc</td><td>def</td></tr></table><ul><li>x</li></ul>",
                w,
            );
            assert_clean(&t);
        }
    }

    proptest::proptest! {
        #[test]
        fn output_never_holds_controls(s in "(<[a-z/]{0,6}>|&#?[a-z0-9]{0,5};|\\PC|[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]){0,60}") {
            assert_clean(&html_to_text(&s, 40));
            assert_clean(&crude_strip(&strip_controls(&s)));
            assert_clean(&strip_controls(&s));
        }
    }

    #[test]
    fn crude_strip_fallback() {
        let t = crude_strip("a<br>b<script>x<y</script>c &amp; <b>d</b><p");
        assert_eq!(t, "a\nbc & d");
        assert_eq!(crude_strip("<SCRIPT>x</SCRIPT>y"), "y");
        assert_eq!(crude_strip("<script>never closed"), "");
    }
}
