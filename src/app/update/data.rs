//! Facts from the fetcher: loaded data, failures, throttling, connectivity.
//! A reply older than what is shown is dropped; a failure keeps the last good data.

use crate::action::{Action, ViewData};
use crate::state::{Connection, FetchErrorKind, State, Throttle};

use super::nav;

pub(super) fn update(state: &mut State, action: Action) {
    match action {
        Action::MeLoaded(me) => state.me = Some(me),
        Action::FetchStarted { view, generation } => {
            let (current, loading) = nav::generation_and_loading(state, view);
            if generation >= current {
                *loading = true;
            }
        }
        Action::Loaded {
            generation,
            at,
            data,
            notice,
        } => loaded(state, generation, at, data, notice),
        Action::FetchFailed {
            view,
            generation,
            error,
        } => {
            let network = error.kind == FetchErrorKind::Network;
            // Only an answer from Azure DevOps itself proves it is reachable; a token
            // that could not be had says nothing about the service.
            let answered = !matches!(error.kind, FetchErrorKind::Network | FetchErrorKind::Auth);
            let applied = match view {
                crate::action::View::MyWork => state.my_work.fail(generation, error.clone()),
                crate::action::View::Sprint => state.sprint.fail(generation, error.clone()),
                crate::action::View::PullRequests => state.pulls.fail(generation, error.clone()),
                crate::action::View::Pipelines => state.pipelines.fail(generation, error.clone()),
            };
            if applied {
                // Any answer from the service, even an error, proves it is reachable.
                if answered && matches!(state.connection, Connection::Offline { .. }) {
                    state.connection = Connection::Reconnected { at: error.at };
                }
                if network && !matches!(state.connection, Connection::Offline { .. }) {
                    state.connection = Connection::Offline { since: error.at };
                }
                state.last_error = Some(error);
            }
        }
        Action::Throttled { until, message } => state.throttle = Some(Throttle { until, message }),
        Action::ThrottleEnded => state.throttle = None,
        _ => {}
    }
}

fn loaded(
    state: &mut State,
    generation: u64,
    at: crate::domain::Timestamp,
    mut data: ViewData,
    notice: Option<String>,
) {
    crate::state::sort_rows(&mut data);
    let view = data.view();
    // Remember where the selection sits before the rows change, so a vanished
    // item hands the selection to its neighbour rather than the top.
    let anchor = nav::selection_anchor(state, view);
    let applied = match data {
        ViewData::MyWork(items) => state.my_work.succeed(generation, items, at, notice),
        ViewData::Sprint(sprint) => state.sprint.succeed(generation, sprint, at, notice),
        ViewData::PullRequests(prs) => state.pulls.succeed(generation, prs, at, notice),
        ViewData::Pipelines(runs) => state.pipelines.succeed(generation, runs, at, notice),
    };
    if !applied {
        return;
    }
    nav::restore_selection(state, view, &anchor);
    if matches!(state.connection, Connection::Offline { .. }) {
        state.connection = Connection::Reconnected { at };
    }
    let any_error = state.my_work.error.is_some()
        || state.sprint.error.is_some()
        || state.pulls.error.is_some()
        || state.pipelines.error.is_some();
    if !any_error {
        state.last_error = None;
    }
}
