//! Input to intent: `(mode, event) -> Action`. Nothing cleverer; no state changes here.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::action::Action;
use crate::state::{Modal, ReauthPhase, State, Tab};

/// Which bindings apply, derived from State.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Board,
    Help,
    /// The sign-in modal, in a phase that takes single-key commands.
    Reauth,
    /// The sign-in modal while a PAT is typed: keys are text.
    PatEntry,
    /// The terminal is below the minimum size: nothing is drawn to act on, so only
    /// quitting works.
    TooSmall,
}

impl Mode {
    pub fn of(state: &State) -> Mode {
        if state.size.0 < crate::ui::MIN_WIDTH || state.size.1 < crate::ui::MIN_HEIGHT {
            return Mode::TooSmall;
        }
        match &state.modal {
            None => Mode::Board,
            Some(Modal::Help) => Mode::Help,
            Some(Modal::Reauth)
                if state
                    .reauth()
                    .is_some_and(|r| matches!(r.phase, ReauthPhase::EnteringPat { .. })) =>
            {
                Mode::PatEntry
            }
            Some(Modal::Reauth) => Mode::Reauth,
        }
    }
}

/// Map a terminal event to an Action. Only key presses act: releases and repeats
/// (reported by terminals with the kitty protocol) are ignored.
pub fn handle_event(mode: Mode, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => handle_key(mode, *key),
        Event::Mouse(mouse) if matches!(mode, Mode::Board) => handle_mouse(*mouse),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Event::Paste(text) if mode == Mode::PatEntry => {
            Some(Action::PatInput(crate::secret::Secret::new(text.trim())))
        }
        _ => None,
    }
}

pub fn handle_key(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c' | 'C') => Some(Action::Quit),
            KeyCode::Char('d') if mode == Mode::Board => Some(Action::ScrollDetail {
                down: true,
                half_page: true,
            }),
            KeyCode::Char('u') if mode == Mode::Board => Some(Action::ScrollDetail {
                down: false,
                half_page: true,
            }),
            _ => None,
        };
    }
    match mode {
        Mode::TooSmall => matches!(key.code, KeyCode::Char('q')).then_some(Action::Quit),
        Mode::Board => handle_board_key(key),
        Mode::Help => match key.code {
            KeyCode::Char('q') => Some(Action::Quit),
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Enter => Some(Action::ToggleHelp),
            _ => None,
        },
        Mode::Reauth => match key.code {
            KeyCode::Enter => Some(Action::StartSignIn),
            KeyCode::Char('y') => Some(Action::CopyDeviceCode),
            KeyCode::Char('o') => Some(Action::OpenVerificationPage),
            KeyCode::Char('d') => Some(Action::ApproveDemoSignIn),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Char('q') => Some(Action::Quit),
            _ => None,
        },
        Mode::PatEntry => match key.code {
            KeyCode::Enter => Some(Action::PatSubmit),
            KeyCode::Backspace => Some(Action::PatBackspace),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Char(c) => Some(Action::PatInput(crate::secret::Secret::new(c))),
            _ => None,
        },
    }
}

fn handle_board_key(key: KeyEvent) -> Option<Action> {
    let action = match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('1') => Action::SelectTab(Tab::MyWork),
        KeyCode::Char('2') => Action::SelectTab(Tab::Sprint),
        KeyCode::Char('3') => Action::SelectTab(Tab::PullRequests),
        KeyCode::Char('4') => Action::SelectTab(Tab::Pipelines),
        KeyCode::Tab => Action::NextTab,
        KeyCode::BackTab => Action::PrevTab,
        KeyCode::Char('j') | KeyCode::Down => Action::SelectNext,
        KeyCode::Char('k') | KeyCode::Up => Action::SelectPrev,
        KeyCode::Char('h') | KeyCode::Left => Action::ColumnLeft,
        KeyCode::Char('l') | KeyCode::Right => Action::ColumnRight,
        KeyCode::Char('g') | KeyCode::Home => Action::SelectFirst,
        KeyCode::Char('G') | KeyCode::End => Action::SelectLast,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Enter => Action::ToggleDetail,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('r') => Action::Refresh,
        KeyCode::Char('o') => Action::OpenInBrowser,
        KeyCode::Char('a') => Action::Reauthenticate,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('X') => Action::DemoRevoke,
        KeyCode::Char('F') => Action::DemoFault,
        KeyCode::Char('J') => Action::ScrollDetail {
            down: true,
            half_page: false,
        },
        KeyCode::Char('K') => Action::ScrollDetail {
            down: false,
            half_page: false,
        },
        _ => return None,
    };
    Some(action)
}

fn handle_mouse(mouse: MouseEvent) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::Scroll {
            down: true,
            column,
            row,
        }),
        MouseEventKind::ScrollUp => Some(Action::Scroll {
            down: false,
            column,
            row,
        }),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        _ => None,
    }
}
