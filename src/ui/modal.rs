//! Modals: drawn last, over `Clear`, in a rect centred on the screen. Owns the shared
//! sizing (paragraphs with importance, dropped from the least important when short).

pub mod help;
pub mod reauth;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::text;
use super::theme::Theme;
use crate::state::{Modal, State};

/// A paragraph of a modal. Lower `priority` is more important; when the screen is short the
/// highest-numbered paragraphs are left out first.
pub struct Para {
    pub priority: u8,
    pub lines: Vec<Line<'static>>,
}

impl Para {
    pub fn new(priority: u8, lines: Vec<Line<'static>>) -> Para {
        Para { priority, lines }
    }

    /// Plain text wrapped to `width` in one style.
    pub fn wrapped(priority: u8, s: &str, width: usize, style: ratatui::style::Style) -> Para {
        let lines = text::wrap(&text::sanitize(s), width)
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect();
        Para { priority, lines }
    }

    /// An empty line that goes before anything else does.
    pub fn gap() -> Para {
        Para {
            priority: u8::MAX,
            lines: vec![Line::default()],
        }
    }
}

/// The lines of the paragraphs that fit in `height`, in their order.
pub fn fit_paras(paras: Vec<Para>, height: usize) -> Vec<Line<'static>> {
    let mut keep: Vec<bool> = vec![true; paras.len()];
    let total = |keep: &[bool]| {
        paras
            .iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(p, _)| p.lines.len())
            .sum::<usize>()
    };
    while total(&keep) > height {
        let worst = paras
            .iter()
            .enumerate()
            .filter(|(i, _)| keep[*i])
            .max_by_key(|(i, p)| (p.priority, *i))
            .map(|(i, _)| i);
        match worst {
            Some(i) if keep.iter().filter(|k| **k).count() > 1 => keep[i] = false,
            _ => break,
        }
    }
    let mut lines: Vec<Line<'static>> = paras
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .flat_map(|(p, _)| p.lines)
        .collect();
    // Gaps left at the edges only waste space.
    while lines.first().is_some_and(|l| l.width() == 0) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.width() == 0) {
        lines.pop();
    }
    lines.truncate(height);
    lines
}

/// A `width`×`height` rect centred in `area`, shrunk to fit.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Draws a modal box of up to `max_width` cells around paragraphs built for a content width.
pub fn render_box(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    hint: &str,
    max_width: u16,
    build: impl FnOnce(usize) -> Vec<Para>,
    theme: Theme,
) {
    let width = max_width.min(area.width);
    let content_w = usize::from(width.saturating_sub(4)).max(1);
    let lines = fit_paras(build(content_w), usize::from(area.height.saturating_sub(2)));
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let room = usize::from(width.saturating_sub(4));
    let block = Block::bordered()
        .border_style(theme.border_focus())
        .title(Span::styled(
            text::truncate(&format!(" {title} "), room),
            theme.title(),
        ))
        .title_bottom(
            Line::from(Span::styled(text::truncate(hint, room), theme.dim())).right_aligned(),
        );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let content = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), content);
}

pub fn render_modal(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    match &state.modal {
        Some(Modal::Help) => help::render_help(frame, area, theme, state.context.demo),
        Some(Modal::Reauth) => {
            if let Some(r) = state.reauth() {
                reauth::render_reauth(frame, area, state, r, theme);
            }
        }
        None => {}
    }
}
