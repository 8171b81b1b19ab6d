//! Property tests for rendering: random text (controls, escapes, emoji sequences,
//! right-to-left, combining marks, very long) in every field a view draws, at several
//! sizes. No panic, no control character in the buffer, borders where they belong.

#![expect(
    clippy::unwrap_used,
    clippy::assigning_clones,
    reason = "a test should fail loudly; plain assignments read better here"
)]

#[path = "render/checks.rs"]
mod checks;
#[path = "render/fixtures.rs"]
#[allow(
    dead_code,
    reason = "shared with the snapshot tests; this file uses part"
)]
mod fixtures;

use adoboard::state::{State, Tab};
use adoboard::ui;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::{Terminal, backend::TestBackend};

/// Strings built from the awkward pieces real titles and names contain.
fn awkward() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\u{1b}[2J".to_owned()),
        Just("\u{1b}]0;title\u{7}".to_owned()),
        Just("\u{7}".to_owned()),
        Just("\u{9b}31m".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{2067}".to_owned()),
        Just("👩\u{200d}💻".to_owned()),
        Just("🏳\u{fe0f}\u{200d}🌈".to_owned()),
        Just("🇯🇵".to_owned()),
        Just("❤\u{fe0f}".to_owned()),
        Just("e\u{301}\u{302}".to_owned()),
        Just("مرحبا".to_owned()),
        Just("田中太郎".to_owned()),
        Just("\t\r\n".to_owned()),
        "[a-zA-Z ]{1,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn poisoned(tab: Tab, text: &str, detail_open: bool) -> State {
    let mut s = fixtures::loaded(tab);
    s.detail_open = detail_open;
    s.context.project = text.to_owned();
    if let Some(me) = &mut s.me {
        me.display_name = text.to_owned();
    }
    let poison = |w: &mut adoboard::domain::WorkItem| {
        w.title = text.to_owned();
        w.work_item_type = text.to_owned();
        w.tags = vec![text.to_owned()];
        w.description_html = Some(format!("<p>{text}</p>"));
        if let Some(p) = &mut w.assigned_to {
            p.display_name = text.to_owned();
        }
    };
    s.my_work.data.as_mut().unwrap().iter_mut().for_each(poison);
    if let Some(sprint) = &mut s.sprint.data {
        sprint.items.iter_mut().for_each(|w| {
            let state = w.state.clone();
            poison(w);
            w.state = state;
        });
    }
    for e in s.pulls.data.iter_mut().flatten() {
        e.pr.title = text.to_owned();
        e.pr.repository = text.to_owned();
        e.pr.description = Some(text.to_owned());
        for r in &mut e.pr.reviewers {
            r.identity.display_name = text.to_owned();
        }
    }
    for r in s.pipelines.data.iter_mut().flatten() {
        r.definition = text.to_owned();
        r.branch = Some(text.to_owned());
    }
    s
}

fn assert_clean(buf: &Buffer, state: &State) {
    checks::assert_inert(buf, "random text");
    checks::assert_right_borders(buf, state, "random text");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_text_renders_inert_at_any_size(text in awkward(), tab in 0usize..4, detail_open in any::<bool>()) {
        let tab = Tab::from_index(tab);
        let mut state = poisoned(tab, &text, detail_open);
        for (w, h) in [(120, 40), (80, 24), (40, 10), (20, 5)] {
            state.size = (w, h);
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| ui::render(&state, f)).unwrap();
            assert_clean(terminal.backend().buffer(), &state);
        }
    }
}
