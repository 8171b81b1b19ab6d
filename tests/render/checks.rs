//! Buffer checks shared by the snapshot and property tests: nothing a terminal would
//! act on reaches a cell, and block borders stay where the layout puts them.

use adoboard::state::State;
use adoboard::ui;
use ratatui::buffer::Buffer;

pub fn assert_inert(buf: &Buffer, what: &str) {
    for cell in &buf.content {
        for c in cell.symbol().chars() {
            let bad = (c as u32) < 0x20
                || (0x7f..=0x9f).contains(&(c as u32))
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c);
            assert!(!bad, "{what}: control {c:?} in a cell");
        }
    }
}

fn is_box(symbol: &str) -> bool {
    symbol
        .chars()
        .next()
        .is_some_and(|c| ('\u{2500}'..='\u{257f}').contains(&c))
}

pub fn assert_right_borders(buf: &Buffer, state: &State, what: &str) {
    let Some(areas) = ui::areas(buf.area, state) else {
        return;
    };
    for block in [areas.view, areas.detail].into_iter().flatten() {
        let x = block.right() - 1;
        for y in block.top()..block.bottom() {
            assert!(
                is_box(buf[(x, y)].symbol()),
                "{what}: border at ({x},{y}) is {:?}",
                buf[(x, y)].symbol()
            );
        }
    }
}
