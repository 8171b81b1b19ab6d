//! Every colour and text style adoboard draws with, in one place.
//! Views ask the theme for a meaning ("error", "selected"), never for a colour.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::{RunResult, RunStatus, Vote};

/// Styles for one frame. With `color: false` (the `NO_COLOR` convention) only modifiers
/// are used, so selection and emphasis stay visible on a monochrome terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

const ORANGE: Color = Color::Indexed(208);

impl Theme {
    /// The theme for a `NO_COLOR` environment value: any non-empty value turns colour off,
    /// as <https://no-color.org> asks.
    pub fn from_no_color_env(value: Option<&str>) -> Theme {
        Theme {
            color: value.is_none_or(str::is_empty),
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn base(self) -> Style {
        Style::new()
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn border(self) -> Style {
        self.fg(Color::Gray)
    }

    /// The border of the focused pane (detail, modal).
    pub fn border_focus(self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn title(self) -> Style {
        self.bold()
    }

    /// Column headings of tables and the board.
    pub fn header(self) -> Style {
        self.fg(Color::Gray)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Group lines inside a table, e.g. `── Active (7) ──`.
    pub fn group(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row or card. Reversed in both modes so it never depends on colour.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The current tab.
    pub fn tab_active(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn tab_key(self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn accent(self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    /// The key name in a hint such as `Enter sign in`.
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// A work item's type, coloured the way Azure Boards colours it.
    pub fn work_item_type(self, kind: &str) -> Style {
        let color = match kind.to_ascii_lowercase().as_str() {
            "bug" | "issue" | "impediment" => Color::Red,
            "user story" | "product backlog item" | "requirement" => Color::Blue,
            "task" => Color::Yellow,
            "feature" => Color::Magenta,
            "epic" => ORANGE,
            _ => Color::Gray,
        };
        self.fg(color)
    }

    pub fn vote(self, vote: Vote) -> Style {
        match vote {
            Vote::Approved => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            Vote::ApprovedWithSuggestions => self.fg(Color::Green),
            Vote::NoVote | Vote::Other(_) => self.dim(),
            Vote::WaitingForAuthor => self.fg(Color::Yellow),
            Vote::Rejected => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    pub fn run(self, status: RunStatus, result: Option<RunResult>) -> Style {
        match (status, result) {
            (_, Some(RunResult::Succeeded)) => self.fg(Color::Green),
            (_, Some(RunResult::Failed)) => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            (_, Some(RunResult::PartiallySucceeded)) => self.fg(Color::Yellow),
            (RunStatus::InProgress | RunStatus::Cancelling, None) => self.fg(Color::Blue),
            // Canceled, unknown results, and runs still queued.
            _ => self.dim(),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_no_color_env_turns_colour_off_only_when_set() {
        assert!(Theme::from_no_color_env(None).color);
        assert!(Theme::from_no_color_env(Some("")).color);
        assert!(!Theme::from_no_color_env(Some("1")).color);
    }

    #[test]
    fn theme_monochrome_selection_is_reversed() {
        let s = Theme { color: false }.selected();
        assert!(s.add_modifier.contains(Modifier::REVERSED));
        assert_eq!(Theme { color: false }.error().fg, None);
    }
}
