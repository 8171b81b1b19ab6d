//! `update(&mut State, Action) -> Vec<Effect>`: the only place State changes.
//! Pure: no IO, no clock, no awaits. Split by area into nav, data and reauth.

mod data;
mod nav;
mod reauth;

use crate::action::{Action, Effect, View};
use crate::state::{Connection, Modal, Notice, State};

/// How long a notice stays in the status bar; warnings stay longer.
pub const NOTICE_SHOWN: chrono::TimeDelta = chrono::TimeDelta::seconds(8);
pub const WARNING_SHOWN: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// How long "reconnected" stays in the status bar.
pub const RECONNECTED_NOTICE: chrono::TimeDelta = chrono::TimeDelta::seconds(10);

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => {
            state.should_quit = true;
            vec![Effect::Quit]
        }
        Action::Tick(now) => {
            on_tick(state, now);
            Vec::new()
        }
        Action::Resize { width, height } => {
            state.size = (width, height);
            nav::keep_in_view(state);
            Vec::new()
        }
        Action::ToggleHelp => {
            state.modal = match state.modal.take() {
                Some(Modal::Help) => None,
                None => Some(Modal::Help),
                other => other,
            };
            Vec::new()
        }
        Action::Back => back(state),
        Action::Refresh => {
            if state.paused.is_some() {
                return reauth::reopen(state);
            }
            vec![Effect::Refresh(View::of_tab(state.tab))]
        }
        Action::OpenInBrowser => nav::selected_url(state)
            .map(Effect::OpenUrl)
            .into_iter()
            .collect(),
        Action::Notify { text, warning } => {
            state.notice = Some(Notice {
                text,
                at: state.now,
                warning,
            });
            Vec::new()
        }
        Action::DemoRevoke if state.context.demo => vec![Effect::DemoRevoke],
        Action::DemoFault if state.context.demo => vec![Effect::DemoFault],
        Action::DemoRevoke | Action::DemoFault => Vec::new(),
        Action::SelectTab(_)
        | Action::NextTab
        | Action::PrevTab
        | Action::SelectNext
        | Action::SelectPrev
        | Action::SelectFirst
        | Action::SelectLast
        | Action::PageDown
        | Action::PageUp
        | Action::ColumnLeft
        | Action::ColumnRight
        | Action::ToggleDetail
        | Action::Scroll { .. }
        | Action::Click { .. }
        | Action::ScrollDetail { .. } => {
            nav::update(state, &action);
            Vec::new()
        }
        Action::MeLoaded(_)
        | Action::FetchStarted { .. }
        | Action::Loaded { .. }
        | Action::FetchFailed { .. }
        | Action::Throttled { .. }
        | Action::ThrottleEnded => {
            data::update(state, action);
            Vec::new()
        }
        Action::Reauthenticate
        | Action::StartSignIn
        | Action::CopyDeviceCode
        | Action::OpenVerificationPage
        | Action::ApproveDemoSignIn
        | Action::PatInput(_)
        | Action::PatBackspace
        | Action::PatSubmit
        | Action::ReauthRequired { .. }
        | Action::DeviceCodeIssued { .. }
        | Action::SignInFailed { .. }
        | Action::SignedIn
        | Action::RetriesQueued { .. }
        | Action::Resumed => reauth::update(state, action),
    }
}

fn on_tick(state: &mut State, now: crate::domain::Timestamp) {
    state.now = now;
    if state.is_loading() || matches!(&state.modal, Some(Modal::Reauth)) {
        state.spinner = state.spinner.wrapping_add(1);
    }
    if let Connection::Reconnected { at } = state.connection
        && now - at > RECONNECTED_NOTICE
    {
        state.connection = Connection::Online;
    }
    if state.notice.as_ref().is_some_and(|n| {
        now - n.at
            > if n.warning {
                WARNING_SHOWN
            } else {
                NOTICE_SHOWN
            }
    }) {
        state.notice = None;
    }
    if state.throttle.as_ref().is_some_and(|t| now >= t.until) {
        state.throttle = None;
    }
}

/// Esc closes the topmost layer: a modal, then the detail pane.
fn back(state: &mut State) -> Vec<Effect> {
    match state.modal.take() {
        Some(Modal::Help) => Vec::new(),
        Some(Modal::Reauth) => reauth::dismiss(state),
        None => {
            state.detail_open = false;
            state.detail_scroll = 0;
            Vec::new()
        }
    }
}
