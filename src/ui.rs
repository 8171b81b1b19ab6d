//! TEMPORARY STUB
use crate::action::View;
use crate::state::{State, Tab};
pub struct Hit {
    pub id: u32,
    pub column: usize,
}
pub fn render(_s: &State, _f: &mut ratatui::Frame) {}
pub fn visible_rows(s: &State, _v: View) -> usize {
    s.size.1.saturating_sub(5) as usize
}
pub fn detail_contains(_s: &State, _x: u16, _y: u16) -> bool {
    false
}
pub fn tab_at(_s: &State, _x: u16, _y: u16) -> Option<Tab> {
    None
}
pub fn row_at(_s: &State, _x: u16, _y: u16) -> Option<Hit> {
    None
}
