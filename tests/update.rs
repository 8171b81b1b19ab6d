//! Behaviour of `update`: feed Actions, check State and Effects. No runtime, no clock.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly at the first surprise"
)]

use adoboard::action::{Action, Effect, View, ViewData};
use adoboard::app::update;
use adoboard::domain::{Timestamp, WorkItem};
use adoboard::keymap::{self, Mode};
use adoboard::secret::Secret;
use adoboard::state::{
    Context, FetchError, FetchErrorKind, Modal, ReauthPhase, ReauthReason, SignInMethod, State, Tab,
};
use chrono::{TimeZone, Utc};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

fn t(secs: i64) -> Timestamp {
    Utc.timestamp_opt(1_796_300_000 + secs, 0).single().unwrap()
}

fn state() -> State {
    let mut s = State::new(
        Context {
            org: "fabrikam".into(),
            project: "Fabrikam Fiber".into(),
            demo: true,
            ..Context::default()
        },
        t(0),
    );
    s.size = (120, 40);
    s
}

fn item(id: u32, state: &str, changed: i64) -> WorkItem {
    WorkItem {
        id,
        title: format!("Item {id}"),
        work_item_type: "Task".into(),
        state: state.into(),
        changed_date: Some(t(changed)),
        ..WorkItem::default()
    }
}

fn load_my_work(s: &mut State, generation: u64, items: Vec<WorkItem>) -> Vec<Effect> {
    update(
        s,
        Action::Loaded {
            generation,
            at: t(generation as i64),
            data: ViewData::MyWork(items),
            notice: None,
        },
    )
}

fn challenge() -> Action {
    Action::ReauthRequired {
        reason: ReauthReason::SessionRevoked {
            at: Some(1_796_300_000),
        },
        method: SignInMethod::DeviceCode,
        queued: 3,
        tenant: None,
        claims: Some("eyJ9".into()),
    }
}

#[test]
fn refresh_keeps_selection_by_id_when_rows_reorder() {
    let mut s = state();
    load_my_work(
        &mut s,
        1,
        vec![
            item(1, "Active", 30),
            item(2, "Active", 20),
            item(3, "Active", 10),
        ],
    );
    assert_eq!(
        s.my_work_list.selected,
        Some(1),
        "first row selected on first load"
    );
    update(&mut s, Action::SelectNext);
    assert_eq!(s.my_work_list.selected, Some(2));
    // Item 3 changed most recently and moves to the top; item 2 stays selected.
    load_my_work(
        &mut s,
        2,
        vec![
            item(1, "Active", 30),
            item(2, "Active", 20),
            item(3, "Active", 90),
        ],
    );
    assert_eq!(s.my_work_rows()[0].id, 3);
    assert_eq!(s.my_work_list.selected, Some(2));
}

#[test]
fn refresh_selects_neighbour_when_selected_item_vanishes() {
    let mut s = state();
    load_my_work(
        &mut s,
        1,
        vec![
            item(1, "Active", 30),
            item(2, "Active", 20),
            item(3, "Active", 10),
        ],
    );
    update(&mut s, Action::SelectNext);
    load_my_work(
        &mut s,
        2,
        vec![item(1, "Active", 30), item(3, "Active", 10)],
    );
    assert_eq!(
        s.my_work_list.selected,
        Some(3),
        "the row now at the old position"
    );
}

#[test]
fn stale_generation_is_dropped() {
    let mut s = state();
    load_my_work(&mut s, 5, vec![item(1, "Active", 0)]);
    load_my_work(&mut s, 4, vec![item(9, "Active", 0)]);
    assert_eq!(s.my_work.data.as_ref().unwrap()[0].id, 1);
    assert_eq!(s.my_work.generation, 5);
    let err = FetchError {
        kind: FetchErrorKind::Server,
        message: "old".into(),
        at: t(1),
    };
    update(
        &mut s,
        Action::FetchFailed {
            view: View::MyWork,
            generation: 3,
            error: err,
        },
    );
    assert!(s.my_work.error.is_none(), "a stale failure is dropped too");
}

#[test]
fn failure_keeps_last_good_data_and_records_age() {
    let mut s = state();
    load_my_work(&mut s, 1, vec![item(1, "Active", 0)]);
    update(
        &mut s,
        Action::FetchStarted {
            view: View::MyWork,
            generation: 2,
        },
    );
    assert!(s.my_work.loading);
    let err = FetchError {
        kind: FetchErrorKind::Network,
        message: "could not connect".into(),
        at: t(50),
    };
    update(
        &mut s,
        Action::FetchFailed {
            view: View::MyWork,
            generation: 2,
            error: err.clone(),
        },
    );
    assert!(!s.my_work.loading);
    assert_eq!(s.my_work.data.as_ref().unwrap().len(), 1, "data kept");
    assert_eq!(s.last_error, Some(err));
    assert!(matches!(
        s.connection,
        adoboard::state::Connection::Offline { .. }
    ));
    load_my_work(&mut s, 3, vec![item(1, "Active", 0)]);
    assert!(
        matches!(
            s.connection,
            adoboard::state::Connection::Reconnected { .. }
        ),
        "recovery is visible"
    );
    assert!(s.last_error.is_none());
    update(&mut s, Action::Tick(t(3 + 11)));
    assert_eq!(
        s.connection,
        adoboard::state::Connection::Online,
        "the notice fades"
    );
}

#[test]
fn spinner_ticks_only_while_loading() {
    let mut s = state();
    update(&mut s, Action::Tick(t(1)));
    assert_eq!(s.spinner, 0);
    update(
        &mut s,
        Action::FetchStarted {
            view: View::Sprint,
            generation: 1,
        },
    );
    update(&mut s, Action::Tick(t(2)));
    assert_eq!(s.spinner, 1);
    assert_eq!(s.now, t(2));
}

#[test]
fn many_challenges_open_one_modal_and_pause() {
    let mut s = state();
    load_my_work(&mut s, 1, vec![item(1, "Active", 0), item(2, "New", 0)]);
    update(&mut s, Action::SelectNext);
    update(&mut s, Action::ToggleDetail);
    update(&mut s, challenge());
    update(&mut s, challenge());
    assert!(matches!(s.modal, Some(Modal::Reauth)));
    assert!(s.paused.is_some());
    // The board behind keeps its place.
    assert_eq!(s.my_work_list.selected, Some(2));
    assert!(s.detail_open);
    let Some(r) = s.reauth() else { unreachable!() };
    assert_eq!(r.phase, ReauthPhase::Prompt);
    assert_eq!(r.claims.as_deref(), Some("eyJ9"));
}

#[test]
fn refresh_while_paused_reopens_the_modal_instead_of_fetching() {
    let mut s = state();
    update(&mut s, challenge());
    update(&mut s, Action::Back);
    assert!(s.modal.is_none(), "Esc closes the modal");
    assert!(s.paused.is_some(), "the board stays paused");
    assert!(update(&mut s, Action::Refresh).is_empty());
    assert!(matches!(s.modal, Some(Modal::Reauth)));
    update(&mut s, Action::Back);
    update(&mut s, Action::Reauthenticate);
    assert!(matches!(s.modal, Some(Modal::Reauth)), "`a` reopens it");
}

#[test]
fn device_code_sign_in_flow_resumes_with_view_state_untouched() {
    let mut s = state();
    load_my_work(&mut s, 1, vec![item(1, "Active", 0), item(2, "New", 0)]);
    update(&mut s, Action::SelectLast);
    update(&mut s, Action::ToggleDetail);
    let before = (s.my_work_list, s.detail_open, s.tab, s.my_work.data.clone());
    update(&mut s, challenge());
    assert_eq!(
        update(&mut s, Action::StartSignIn),
        vec![Effect::SignIn(SignInMethod::DeviceCode)]
    );
    update(
        &mut s,
        Action::DeviceCodeIssued {
            user_code: "DEMO-7K3Q".into(),
            verification_uri: "http://x/devicelogin".into(),
            expires_at: t(900),
        },
    );
    assert_eq!(
        update(&mut s, Action::CopyDeviceCode),
        vec![Effect::Copy("DEMO-7K3Q".into())]
    );
    assert_eq!(
        update(&mut s, Action::ApproveDemoSignIn),
        vec![Effect::ApproveDemoSignIn]
    );
    update(&mut s, Action::SignedIn);
    let Some(r) = s.reauth() else {
        panic!("modal stays while retrying")
    };
    assert_eq!(r.phase, ReauthPhase::Retrying);
    update(&mut s, Action::Resumed);
    assert!(s.modal.is_none());
    assert!(s.paused.is_none());
    assert_eq!(
        (s.my_work_list, s.detail_open, s.tab, s.my_work.data.clone()),
        before
    );
}

#[test]
fn challenge_on_retry_is_shown_not_looped() {
    let mut s = state();
    update(&mut s, challenge());
    update(&mut s, Action::StartSignIn);
    update(&mut s, Action::SignedIn);
    update(&mut s, challenge());
    let Some(r) = s.reauth() else { panic!() };
    assert_eq!(
        r.phase,
        ReauthPhase::Prompt,
        "waits for the user, no automatic retry"
    );
    assert!(r.error.as_deref().unwrap().contains("refused"));
}

#[test]
fn sign_in_attempts_are_bounded() {
    let mut s = state();
    update(&mut s, challenge());
    for _ in 0..3 {
        assert_eq!(update(&mut s, Action::StartSignIn).len(), 1);
        update(
            &mut s,
            Action::SignInFailed {
                message: "declined".into(),
            },
        );
    }
    assert!(
        update(&mut s, Action::StartSignIn).is_empty(),
        "fourth attempt refused"
    );
    let Some(r) = s.reauth() else { panic!() };
    assert!(r.error.as_deref().unwrap().contains("attempts"));
}

#[test]
fn pat_entry_is_masked_and_never_debug_printed() {
    let mut s = state();
    update(
        &mut s,
        Action::ReauthRequired {
            reason: ReauthReason::PatRejected {
                message: Some("expired".into()),
            },
            method: SignInMethod::Pat,
            queued: 1,
            tenant: None,
            claims: None,
        },
    );
    update(&mut s, Action::StartSignIn);
    for c in "s3cr3t-pat".chars() {
        update(&mut s, Action::PatInput(Secret::new(c)));
    }
    update(&mut s, Action::PatBackspace);
    assert!(
        !format!("{s:?}").contains("s3cr3t"),
        "State's Debug never shows the PAT"
    );
    let effects = update(&mut s, Action::PatSubmit);
    assert_eq!(effects, vec![Effect::SubmitPat(Secret::new("s3cr3t-pa"))]);
}

#[test]
fn esc_during_device_code_cancels_sign_in() {
    let mut s = state();
    update(&mut s, challenge());
    update(&mut s, Action::StartSignIn);
    assert_eq!(update(&mut s, Action::Back), vec![Effect::CancelSignIn]);
    assert!(s.paused.is_some());
}

#[test]
fn tabs_cycle_and_board_columns_move() {
    let mut s = state();
    update(&mut s, Action::NextTab);
    assert_eq!(s.tab, Tab::Sprint);
    update(&mut s, Action::PrevTab);
    update(&mut s, Action::PrevTab);
    assert_eq!(s.tab, Tab::Pipelines);
    update(&mut s, Action::SelectTab(Tab::Sprint));
    let sprint = adoboard::domain::Sprint {
        iteration: None,
        columns: ["New", "Active", "Closed"]
            .iter()
            .map(|n| adoboard::domain::BoardColumn {
                name: (*n).into(),
                state_mappings: [("Task".to_owned(), (*n).to_owned())].into(),
                ..Default::default()
            })
            .collect(),
        items: vec![
            item(1, "New", 0),
            item(2, "Active", 0),
            item(3, "Active", 0),
        ],
    };
    update(
        &mut s,
        Action::Loaded {
            generation: 1,
            at: t(1),
            data: ViewData::Sprint(sprint),
            notice: None,
        },
    );
    assert_eq!(s.board.selected, Some(1));
    update(&mut s, Action::ColumnRight);
    assert_eq!((s.board.column, s.board.selected), (1, Some(2)));
    update(&mut s, Action::SelectNext);
    assert_eq!(s.board.selected, Some(3));
    update(&mut s, Action::ColumnRight);
    update(&mut s, Action::ColumnRight);
    assert_eq!(
        (s.board.column, s.board.selected),
        (2, None),
        "empty column"
    );
    update(&mut s, Action::ColumnLeft);
    assert_eq!(s.board.column, 1);
}

#[test]
fn open_in_browser_uses_selected_items_url() {
    let mut s = state();
    let mut it = item(7, "Active", 0);
    it.web_url = Some("https://dev.azure.com/o/p/_workitems/edit/7".into());
    load_my_work(&mut s, 1, vec![it]);
    assert_eq!(
        update(&mut s, Action::OpenInBrowser),
        vec![Effect::OpenUrl(
            "https://dev.azure.com/o/p/_workitems/edit/7".into()
        )]
    );
}

#[test]
fn keymap_ignores_releases_and_maps_modes() {
    let press = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert_eq!(
        keymap::handle_event(Mode::Board, &Event::Key(release)),
        None
    );
    assert_eq!(
        keymap::handle_event(Mode::Board, &press(KeyCode::Char('j'))),
        Some(Action::SelectNext)
    );
    assert_eq!(
        keymap::handle_event(Mode::PatEntry, &press(KeyCode::Char('j'))),
        Some(Action::PatInput(Secret::new('j')))
    );
    assert_eq!(
        keymap::handle_event(Mode::Reauth, &press(KeyCode::Esc)),
        Some(Action::Back)
    );
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    for mode in [Mode::Board, Mode::Help, Mode::Reauth, Mode::PatEntry] {
        assert_eq!(
            keymap::handle_event(mode, &ctrl_c),
            Some(Action::Quit),
            "{mode:?}"
        );
    }
}

#[test]
fn quit_sets_flag_and_effect() {
    let mut s = state();
    assert_eq!(update(&mut s, Action::Quit), vec![Effect::Quit]);
    assert!(s.should_quit);
}

#[test]
fn notices_fade_and_warnings_linger() {
    let mut s = state();
    update(
        &mut s,
        Action::Notify {
            text: "could not open a browser".into(),
            warning: false,
        },
    );
    assert!(s.notice.is_some());
    update(&mut s, Action::Tick(t(9)));
    assert!(s.notice.is_none(), "a notice fades after a few seconds");
    update(
        &mut s,
        Action::Notify {
            text: "config readable by others".into(),
            warning: true,
        },
    );
    update(&mut s, Action::Tick(t(30)));
    assert!(s.notice.is_some(), "a warning stays longer");
    update(&mut s, Action::Tick(t(80)));
    assert!(s.notice.is_none());
}

#[test]
fn keys_wait_while_the_terminal_is_too_small() {
    let mut s = state();
    update(
        &mut s,
        Action::Resize {
            width: 20,
            height: 5,
        },
    );
    let mode = Mode::of(&s);
    assert_eq!(mode, Mode::TooSmall);
    let key = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    assert_eq!(keymap::handle_event(mode, &key('j')), None);
    assert_eq!(
        keymap::handle_event(
            mode,
            &Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
        ),
        None
    );
    assert_eq!(keymap::handle_event(mode, &key('q')), Some(Action::Quit));
    assert_eq!(
        keymap::handle_event(mode, &Event::Resize(80, 24)),
        Some(Action::Resize {
            width: 80,
            height: 24
        })
    );
}

#[test]
fn detail_pane_scrolls_within_its_content() {
    let mut s = state();
    let mut long = item(1, "Active", 0);
    long.description_html = Some("<p>line</p>".repeat(50));
    load_my_work(&mut s, 1, vec![long]);
    update(
        &mut s,
        Action::ScrollDetail {
            down: true,
            half_page: false,
        },
    );
    assert_eq!(
        s.detail_scroll, 0,
        "nothing scrolls while the pane is closed"
    );
    update(&mut s, Action::ToggleDetail);
    update(
        &mut s,
        Action::ScrollDetail {
            down: true,
            half_page: false,
        },
    );
    assert_eq!(s.detail_scroll, 3);
    for _ in 0..100 {
        update(
            &mut s,
            Action::ScrollDetail {
                down: true,
                half_page: false,
            },
        );
    }
    let max = s.detail_scroll;
    assert!(max > 3 && max < 300, "stops at the end: {max}");
    update(
        &mut s,
        Action::ScrollDetail {
            down: false,
            half_page: false,
        },
    );
    assert_eq!(s.detail_scroll, max - 3);
    update(
        &mut s,
        Action::ScrollDetail {
            down: false,
            half_page: true,
        },
    );
    assert!(
        s.detail_scroll < max - 10,
        "Ctrl-u moves half the pane: {}",
        s.detail_scroll
    );
}

#[test]
fn any_answer_from_the_service_ends_offline() {
    let mut s = state();
    let net = FetchError {
        kind: FetchErrorKind::Network,
        message: "reset".into(),
        at: t(1),
    };
    update(
        &mut s,
        Action::FetchFailed {
            view: View::MyWork,
            generation: 1,
            error: net,
        },
    );
    assert!(matches!(
        s.connection,
        adoboard::state::Connection::Offline { .. }
    ));
    let throttled = FetchError {
        kind: FetchErrorKind::Throttled,
        message: "429".into(),
        at: t(2),
    };
    update(
        &mut s,
        Action::FetchFailed {
            view: View::Sprint,
            generation: 1,
            error: throttled,
        },
    );
    assert!(
        matches!(
            s.connection,
            adoboard::state::Connection::Reconnected { .. }
        ),
        "{:?}",
        s.connection
    );
}
