//! Screen snapshots of every view and modal at 120x40 and 80x24, style checks where colour
//! carries meaning, and hostile text that must stay inert at every size.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly at the first surprise"
)]

#[path = "render/checks.rs"]
mod checks;
#[path = "render/fixtures.rs"]
mod fixtures;

use checks::{assert_inert, assert_right_borders};

use adoboard::domain::Vote;
use adoboard::secret::Secret;
use adoboard::state::{
    Connection, Modal, Paused, ReauthPhase, ReauthReason, ReauthState, SignInMethod, State, Tab,
    Throttle,
};
use adoboard::ui::{self, KEY_BINDINGS};
use chrono::TimeDelta;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use fixtures::{ago, now};

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn draw(state: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut state = state.clone();
    state.size = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::render(&state, frame)).unwrap();
    terminal
}

fn snapshot_both_sizes(name: &str, state: &State) {
    for (w, h) in SIZES {
        let terminal = draw(state, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn tab_name(tab: Tab) -> &'static str {
    match tab {
        Tab::MyWork => "my_work",
        Tab::Sprint => "board",
        Tab::PullRequests => "pull_requests",
        Tab::Pipelines => "pipelines",
    }
}

#[test]
fn views_loading() {
    for tab in Tab::ALL {
        snapshot_both_sizes(
            &format!("{}_loading", tab_name(tab)),
            &fixtures::loading(tab),
        );
    }
}

#[test]
fn views_loaded() {
    for tab in Tab::ALL {
        snapshot_both_sizes(&format!("{}_loaded", tab_name(tab)), &fixtures::loaded(tab));
    }
}

#[test]
fn views_empty() {
    for tab in Tab::ALL {
        snapshot_both_sizes(&format!("{}_empty", tab_name(tab)), &fixtures::empty(tab));
    }
}

#[test]
fn views_failed() {
    for tab in Tab::ALL {
        snapshot_both_sizes(&format!("{}_failed", tab_name(tab)), &fixtures::failed(tab));
    }
}

#[test]
fn views_failed_keep_last_data() {
    for tab in Tab::ALL {
        snapshot_both_sizes(
            &format!("{}_failed_with_data", tab_name(tab)),
            &fixtures::failed_with_data(tab),
        );
    }
}

#[test]
fn detail_pane_for_each_kind() {
    for tab in Tab::ALL {
        let mut s = fixtures::loaded(tab);
        if tab == Tab::MyWork {
            s.my_work_list.selected = Some(4211);
        }
        s.detail_open = true;
        snapshot_both_sizes(&format!("{}_detail", tab_name(tab)), &s);
    }
}

#[test]
fn help_overlay() {
    let mut s = fixtures::loaded(Tab::MyWork);
    s.modal = Some(Modal::Help);
    snapshot_both_sizes("help", &s);
}

fn reauth(phase: ReauthPhase) -> State {
    let mut s = fixtures::loaded(Tab::MyWork);
    s.paused = Some(Paused {
        since: ago(20),
        queued: 4,
        reauth: parked(),
    });
    s.spinner = 2;
    s.modal = Some(Modal::Reauth);
    s.paused.as_mut().unwrap().reauth = ReauthState {
        reason: ReauthReason::SessionRevoked {
            at: Some(ago(3 * 60).timestamp()),
        },
        method: SignInMethod::DeviceCode,
        phase,
        attempts: 1,
        error: None,
        tenant: None,
        copied: false,
        claims: None,
    };
    s
}

fn reauth_mut(s: &mut State) -> &mut ReauthState {
    &mut s.paused.as_mut().unwrap().reauth
}

fn device_code() -> ReauthPhase {
    ReauthPhase::DeviceCode {
        user_code: "FQKZ-7MWD".into(),
        verification_uri: "https://microsoft.com/devicelogin".into(),
        expires_at: now() + TimeDelta::seconds(14 * 60 + 32),
    }
}

#[test]
fn reauth_prompt() {
    snapshot_both_sizes("reauth_prompt", &reauth(ReauthPhase::Prompt));
}

#[test]
fn reauth_prompt_azure_cli_shows_the_command() {
    let mut s = reauth(ReauthPhase::Prompt);
    let r = reauth_mut(&mut s);
    r.method = SignInMethod::AzureCli;
    r.claims = Some(
        "eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNzAwMDAwMDAwIn19fQ=="
            .into(),
    );
    r.tenant = Some("contoso.onmicrosoft.com".into());
    snapshot_both_sizes("reauth_prompt_azure_cli", &s);
}

#[test]
fn reauth_device_code() {
    snapshot_both_sizes("reauth_device_code", &reauth(device_code()));
}

#[test]
fn reauth_entering_pat() {
    let mut s = reauth(ReauthPhase::EnteringPat {
        input: Secret::new("abc123x"),
    });
    let r = reauth_mut(&mut s);
    r.method = SignInMethod::Pat;
    r.reason = ReauthReason::PatRejected {
        message: Some("Access denied: the PAT has expired.".into()),
    };
    snapshot_both_sizes("reauth_entering_pat", &s);
}

#[test]
fn reauth_with_error() {
    let mut s = reauth(device_code());
    let r = reauth_mut(&mut s);
    r.reason = ReauthReason::IpPolicy {
        ip: Some("203.0.113.7".into()),
    };
    r.error = Some("The sign-in was declined: the device code expired before it was used.".into());
    r.attempts = 2;
    r.copied = true;
    s.context.demo = true;
    snapshot_both_sizes("reauth_error", &s);
}

#[test]
fn status_bar_paused() {
    let mut s = fixtures::loaded(Tab::MyWork);
    s.paused = Some(Paused {
        since: ago(20),
        queued: 3,
        reauth: parked(),
    });
    snapshot_both_sizes("status_paused", &s);
}

#[test]
fn status_bar_throttled() {
    let mut s = fixtures::loaded(Tab::Pipelines);
    s.throttle = Some(Throttle {
        until: now() + TimeDelta::seconds(95),
        message: "Too many requests".into(),
    });
    snapshot_both_sizes("status_throttled", &s);
}

#[test]
fn status_bar_keeps_alerts_readable_when_crowded() {
    let mut s = fixtures::failed_with_data(Tab::Pipelines);
    s.throttle = Some(Throttle {
        until: now() + TimeDelta::seconds(20),
        message: "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'ATCommandService' in namespace 'User'.".into(),
    });
    s.notice = Some(adoboard::state::Notice {
        text: "demo: the next request gets a 429 with Retry-After: 20".into(),
        at: now(),
        warning: false,
    });
    for (w, h) in [(120, 40), (80, 24)] {
        let terminal = draw(&s, w, h);
        let bar = terminal.backend().buffer().content[usize::from(w) * usize::from(h - 1)..]
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect::<String>();
        assert!(bar.contains("throttled until"), "{w}x{h}: {bar}");
        assert!(
            bar.contains("demo: the next"),
            "{w}x{h}: the notice stays: {bar}"
        );
        assert!(bar.contains("updated"), "{w}x{h}: the age stays: {bar}");
    }
    // Once the notice fades, the reason gets the room, cut rather than dropped.
    s.notice = None;
    let terminal = draw(&s, 120, 40);
    let bar = terminal.backend().buffer().content[120 * 39..]
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect::<String>();
    assert!(
        bar.contains("throttled until") && bar.contains("TF400733"),
        "{bar}"
    );
    assert!(bar.contains('…'), "cut with an ellipsis: {bar}");
}

#[test]
fn status_bar_offline() {
    let mut s = fixtures::failed_with_data(Tab::PullRequests);
    s.connection = Connection::Offline { since: ago(3 * 60) };
    snapshot_both_sizes("status_offline", &s);
}

#[test]
fn too_small_notice() {
    let terminal = draw(&fixtures::loaded(Tab::MyWork), 30, 8);
    insta::assert_snapshot!("too_small_30x8", terminal.backend());
}

// ---- styles -------------------------------------------------------------------------------

/// Position of the first cell on row `y` whose symbol starts `needle`, searching the row text.
fn find_in_row(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let first = needle.chars().next()?;
    (0..buf.area.width).find(|&x| {
        buf[(x, y)].symbol().starts_with(first)
            && (0..needle.chars().count() as u16)
                .map(|i| buf.cell((x + i, y)).map_or("", |c| c.symbol()))
                .collect::<String>()
                == needle
    })
}

fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    (0..buf.area.height).find_map(|y| find_in_row(buf, y, needle).map(|x| (x, y)))
}

#[test]
fn failed_run_cell_is_red() {
    let terminal = draw(&fixtures::loaded(Tab::Pipelines), 120, 40);
    let buf = terminal.backend().buffer();
    let (x, y) = find(buf, "✖ failed").expect("failed run on screen");
    assert_eq!(buf[(x, y)].fg, Color::Red);
    let (x, y) = find(buf, "✔ succeeded").expect("succeeded run on screen");
    assert_eq!(buf[(x, y)].fg, Color::Green);
}

#[test]
fn selected_row_is_reversed_in_colour_and_monochrome() {
    for no_color in [false, true] {
        let mut s = fixtures::loaded(Tab::MyWork);
        s.no_color = no_color;
        let terminal = draw(&s, 120, 40);
        let buf = terminal.backend().buffer();
        let (_, y) = find(buf, "Export the sprint board").expect("selected row on screen");
        for x in 1..119 {
            if unicode_width::UnicodeWidthStr::width(buf[(x - 1, y)].symbol()) > 1 {
                continue; // hidden behind a wide symbol; the terminal never draws it
            }
            assert!(
                buf[(x, y)].modifier.contains(Modifier::REVERSED),
                "cell {x} of the selected row"
            );
        }
        let (_, other) = find(buf, "Write migration").expect("another row on screen");
        assert!(!buf[(5, other)].modifier.contains(Modifier::REVERSED));
        if no_color {
            let coloured = buf
                .content
                .iter()
                .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
                .count();
            assert_eq!(coloured, 0, "NO_COLOR draws without colour");
        }
    }
}

#[test]
fn paused_marker_is_in_warning_colour() {
    let mut s = fixtures::loaded(Tab::MyWork);
    s.paused = Some(Paused {
        since: ago(20),
        queued: 3,
        reauth: parked(),
    });
    for (w, h) in SIZES {
        let terminal = draw(&s, w, h);
        let buf = terminal.backend().buffer();
        let x = find_in_row(buf, h - 1, "⏸ paused").expect("paused marker in the status bar");
        assert_eq!(buf[(x, h - 1)].fg, Color::Yellow);
    }
}

#[test]
fn over_limit_board_column_is_in_warning_colour() {
    let terminal = draw(&fixtures::loaded(Tab::Sprint), 120, 40);
    let buf = terminal.backend().buffer();
    let (x, y) = find(buf, "4/3").expect("Resolved 4/3 on screen");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
}

#[test]
fn votes_have_their_colours() {
    let terminal = draw(&fixtures::loaded(Tab::PullRequests), 120, 40);
    let buf = terminal.backend().buffer();
    let colour_of = |sym: &str| buf.content.iter().find(|c| c.symbol() == sym).map(|c| c.fg);
    assert_eq!(colour_of("✖"), Some(Color::Red));
    assert_eq!(colour_of("✔"), Some(Color::Green));
    assert_eq!(colour_of("◐"), Some(Color::Yellow));
    for vote in [
        Vote::Approved,
        Vote::ApprovedWithSuggestions,
        Vote::NoVote,
        Vote::WaitingForAuthor,
        Vote::Rejected,
    ] {
        let sym = ui::pull_requests::vote_symbol(vote);
        assert!(buf.content.iter().any(|c| c.symbol() == sym), "{sym} shown");
    }
}

#[test]
fn pat_is_never_drawn() {
    let mut s = reauth(ReauthPhase::EnteringPat {
        input: Secret::new("supersecretpat"),
    });
    reauth_mut(&mut s).method = SignInMethod::Pat;
    for (w, h) in SIZES {
        let terminal = draw(&s, w, h);
        let screen = terminal.backend().to_string();
        assert!(!screen.contains("supersecret"));
        assert!(screen.contains("••••••••••••••"));
    }
}

#[test]
fn help_lists_every_binding() {
    let mut s = fixtures::loaded(Tab::MyWork);
    s.modal = Some(Modal::Help);
    let terminal = draw(&s, 80, 24);
    let screen = terminal.backend().to_string();
    for (keys, what) in KEY_BINDINGS {
        assert!(
            screen.contains(keys) && screen.contains(what),
            "{keys} {what}"
        );
    }
}

// ---- layout helpers ---------------------------------------------------------------------

fn title_of(s: &State, id: u32) -> String {
    match s.tab {
        Tab::MyWork => s
            .my_work
            .data
            .iter()
            .flatten()
            .find(|w| w.id == id)
            .map(|w| w.title.clone()),
        Tab::PullRequests => s
            .pulls
            .data
            .iter()
            .flatten()
            .find(|e| e.pr.id == id)
            .map(|e| e.pr.title.clone()),
        Tab::Pipelines => s
            .pipelines
            .data
            .iter()
            .flatten()
            .find(|r| r.id == id)
            .map(|r| r.definition.clone()),
        Tab::Sprint => None,
    }
    .unwrap_or_default()
}

#[test]
fn row_at_hits_the_row_drawn_there() {
    for tab in [Tab::MyWork, Tab::PullRequests, Tab::Pipelines] {
        for (w, h) in SIZES {
            let mut s = fixtures::loaded(tab);
            s.size = (w, h);
            let terminal = draw(&s, w, h);
            let buf = terminal.backend().buffer();
            let area = ui::list_area(buf.area, &s);
            assert!(area.height > 0);
            for y in area.y..area.bottom() {
                let Some(id) = ui::row_at(&s, area.x + 2, y) else {
                    continue;
                };
                let row: String = (area.x..area.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect();
                let title = title_of(&s, id);
                let start: String = title.chars().take(12).collect();
                assert!(
                    row.contains(&start),
                    "{tab:?} {w}x{h} row {y}: {id} ({start}) not in {row:?}"
                );
            }
            assert_eq!(ui::row_at(&s, 0, 0), None);
        }
    }
}

#[test]
fn row_at_hits_board_cards() {
    let mut s = fixtures::loaded(Tab::Sprint);
    s.size = (120, 40);
    let terminal = draw(&s, 120, 40);
    let buf = terminal.backend().buffer();
    let (x, y) = find(buf, "#4211").expect("card on screen");
    assert_eq!(ui::row_at(&s, x + 3, y), Some(4211));
    assert_eq!(ui::row_at(&s, x + 3, y + 2), Some(4211));
    assert_eq!(ui::board_column_at(&s, x, y), Some(1));
}

#[test]
fn list_rows_follow_the_selection_at_scale() {
    let mut s = fixtures::loaded(Tab::Pipelines);
    let template = fixtures::runs().remove(2);
    let many: Vec<_> = (0..20_000u32)
        .map(|i| {
            let mut r = template.clone();
            r.id = i + 1;
            r.queue_time = Some(ago(i64::from(i) * 60));
            r
        })
        .collect();
    s.pipelines.succeed(3, many, ago(5), None);
    s.pipelines_list.selected = Some(20_000);
    s.size = (80, 24);
    let terminal = draw(&s, 80, 24);
    let screen = terminal.backend().to_string();
    let area = ui::list_area(terminal.backend().buffer().area, &s);
    assert_eq!(ui::row_at(&s, area.x + 1, area.bottom() - 1), Some(20_000));
    assert!(screen.contains("(20000)"));
    assert_eq!(
        ui::page_size(terminal.backend().buffer().area, &s),
        usize::from(area.height)
    );
}

// ---- hostile text -----------------------------------------------------------------------

const HOSTILE: &str = "evil\u{1b}[2J\u{7}\u{1b}]0;pwned\u{7}\u{202e}txet 👩‍💻 e\u{301}te\u{301} 🚀 田中太郎 \u{9b}31m\u{7f}\u{85}";

fn hostile_state(tab: Tab) -> State {
    let long = HOSTILE.to_owned() + &"long ".repeat(60);
    let mut s = fixtures::loaded(tab);
    s.context.org = HOSTILE.into();
    s.context.project = HOSTILE.into();
    s.me.as_mut().unwrap().display_name = HOSTILE.into();
    let poison = |w: &mut adoboard::domain::WorkItem| {
        w.title.clone_from(&long);
        w.state = HOSTILE.into();
        w.work_item_type = HOSTILE.into();
        w.tags = vec![HOSTILE.into()];
        w.area_path = Some(HOSTILE.into());
        w.description_html = Some(format!("<p>{HOSTILE}</p><script>{HOSTILE}</script>"));
        if let Some(p) = &mut w.assigned_to {
            p.display_name = HOSTILE.into();
        }
    };
    s.my_work.data.as_mut().unwrap().iter_mut().for_each(poison);
    let sprint = s.sprint.data.as_mut().unwrap();
    sprint.items.iter_mut().for_each(|w| {
        let state = w.state.clone();
        poison(w);
        w.state = state;
    });
    sprint
        .columns
        .iter_mut()
        .for_each(|c| c.name.push_str(HOSTILE));
    sprint
        .items
        .iter_mut()
        .zip(0..)
        .for_each(|(w, i)| w.board_column = Some(sprint.columns[i % 4].name.clone()));
    if let Some(it) = &mut sprint.iteration {
        it.name.clone_from(&long);
    }
    for e in s.pulls.data.as_mut().unwrap() {
        e.pr.title.clone_from(&long);
        e.pr.repository = HOSTILE.into();
        e.pr.description = Some(long.clone());
        e.pr.source_branch = Some(HOSTILE.into());
        for r in &mut e.pr.reviewers {
            r.identity.display_name = HOSTILE.into();
        }
    }
    for r in s.pipelines.data.as_mut().unwrap() {
        r.definition.clone_from(&long);
        r.branch = Some(HOSTILE.into());
        r.build_number = Some(HOSTILE.into());
        r.reason = Some(HOSTILE.into());
    }
    let mut err = fixtures::network_error();
    err.message = long;
    s.last_error = Some(err.clone());
    s.my_work.error = Some(err.clone());
    s.sprint.notice = Some(HOSTILE.into());
    s
}

#[test]
fn hostile_text_stays_inert_everywhere() {
    for tab in Tab::ALL {
        for detail_open in [false, true] {
            let mut s = hostile_state(tab);
            s.detail_open = detail_open;
            if tab == Tab::MyWork {
                s.my_work_list.selected = Some(4211);
            }
            for (w, h) in [(120, 40), (80, 24), (40, 10), (20, 5)] {
                let mut s = s.clone();
                s.size = (w, h);
                let terminal = draw(&s, w, h);
                let what = format!("{tab:?} detail={detail_open} {w}x{h}");
                let buf = terminal.backend().buffer();
                assert_inert(buf, &what);
                assert_right_borders(buf, &s, &what);
                let screen = terminal.backend().to_string();
                assert!(!screen.contains("pwned"), "{what}: OSC payload shown");
            }
        }
    }
}

#[test]
fn hostile_text_in_modals_stays_inert() {
    let mut s = hostile_state(Tab::MyWork);
    s.paused = Some(Paused {
        since: ago(1),
        queued: 1,
        reauth: parked(),
    });
    s.modal = Some(Modal::Reauth);
    s.paused.as_mut().unwrap().reauth = ReauthState {
        reason: ReauthReason::PatRejected {
            message: Some(HOSTILE.into()),
        },
        method: SignInMethod::DeviceCode,
        phase: ReauthPhase::DeviceCode {
            user_code: HOSTILE.into(),
            verification_uri: HOSTILE.into(),
            expires_at: now(),
        },
        attempts: 9,
        error: Some(HOSTILE.repeat(5)),
        tenant: Some(HOSTILE.into()),
        copied: true,
        claims: Some(HOSTILE.into()),
    };
    for (w, h) in [(120, 40), (80, 24), (40, 10), (20, 5)] {
        let terminal = draw(&s, w, h);
        assert_inert(terminal.backend().buffer(), &format!("reauth {w}x{h}"));
    }
}

#[test]
fn any_size_renders_without_panic() {
    let states = [
        fixtures::loaded(Tab::Sprint),
        fixtures::loaded(Tab::MyWork),
        reauth(device_code()),
    ];
    for s in &states {
        for w in [0, 1, 2, 5, 19, 20, 39, 40, 41, 60, 99, 100, 101, 200] {
            for h in [0, 1, 2, 5, 9, 10, 11, 15, 16, 24, 60] {
                let mut s = s.clone();
                s.detail_open = (w + h) % 2 == 0;
                let terminal = draw(&s, w, h);
                assert_inert(terminal.backend().buffer(), "size sweep");
            }
        }
    }
}

// ---- more behaviour -----------------------------------------------------------------------

#[test]
fn board_selection_is_reversed_and_its_column_header_highlighted() {
    let terminal = draw(&fixtures::loaded(Tab::Sprint), 120, 40);
    let buf = terminal.backend().buffer();
    let (x, y) = find(buf, "#4211").expect("selected card on screen");
    for dy in 0..3 {
        assert!(
            buf[(x + 1, y + dy)].modifier.contains(Modifier::REVERSED),
            "card line {dy}"
        );
    }
    let (x, y) = find(buf, "#4301").expect("another card on screen");
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find(buf, "Active 4/5").expect("selected column header");
    assert_eq!(buf[(x, y)].bg, Color::Cyan);
}

#[test]
fn board_shows_a_window_of_columns_when_narrow() {
    let mut s = fixtures::loaded(Tab::Sprint);
    let sprint = s.sprint.data.as_mut().unwrap();
    let extra: Vec<_> = ["Review", "Testing", "Staging", "Released"]
        .iter()
        .map(|name| {
            let mut c = sprint.columns[1].clone();
            c.name = (*name).into();
            c.state_mappings.clear();
            c
        })
        .collect();
    sprint.columns.splice(2..2, extra);
    s.board.column = 3;
    let terminal = draw(&s, 80, 24);
    let screen = terminal.backend().to_string();
    assert!(screen.contains('‹') && screen.contains('›'), "{screen}");
    assert!(screen.contains("Testing"), "the selected column is in view");
    assert!(!screen.contains("Closed"), "far columns are left out");
}

#[test]
fn board_scrolls_to_the_selected_card() {
    let mut s = fixtures::loaded(Tab::Sprint);
    let sprint = s.sprint.data.as_mut().unwrap();
    let template = sprint.items[4].clone();
    for i in 0..30 {
        let mut w = template.clone();
        w.id = 5000 + i;
        w.title = format!("Generated card {i}");
        sprint.items.push(w);
    }
    s.board.selected = Some(5029);
    let terminal = draw(&s, 80, 24);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("#5029"));
    assert!(
        !screen.contains("#4211"),
        "the top of the column scrolled away"
    );
    s.size = (80, 24);
    let (x, y) = find(terminal.backend().buffer(), "#5029").unwrap();
    assert_eq!(ui::row_at(&s, x + 2, y), Some(5029));
}

#[test]
fn my_work_keeps_a_group_heading_on_top_when_scrolled() {
    let mut s = fixtures::loaded(Tab::MyWork);
    let template = fixtures::my_work_items().remove(1);
    let items = s.my_work.data.as_mut().unwrap();
    for i in 0..200 {
        let mut w = template.clone();
        w.id = 6000 + i;
        w.title = format!("Generated story {i}");
        items.push(w);
    }
    s.my_work_list.selected = Some(6150);
    s.size = (80, 24);
    let terminal = draw(&s, 80, 24);
    let buf = terminal.backend().buffer();
    let area = ui::list_area(buf.area, &s);
    let first: String = (area.x..area.right())
        .map(|x| buf[(x, area.y)].symbol())
        .collect();
    assert!(first.contains("── Active (203) ──"), "{first}");
    assert!(
        terminal
            .backend()
            .to_string()
            .contains("Generated story 150")
    );
}

#[test]
fn status_bar_shows_reconnected_briefly() {
    let mut s = fixtures::loaded(Tab::MyWork);
    s.connection = Connection::Reconnected { at: ago(5) };
    assert!(
        draw(&s, 120, 40)
            .backend()
            .to_string()
            .contains("reconnected")
    );
    s.connection = Connection::Reconnected { at: ago(15) };
    assert!(
        !draw(&s, 120, 40)
            .backend()
            .to_string()
            .contains("reconnected")
    );
}

#[test]
fn reauth_every_phase_says_what_is_happening() {
    let cases = [
        (ReauthPhase::Starting, "Contacting the sign-in service"),
        (ReauthPhase::AzureCli, "handed to az login"),
        (ReauthPhase::Retrying, "Retrying what failed"),
        (ReauthPhase::Prompt, "Enter  sign in"),
    ];
    for (phase, words) in cases {
        let s = reauth(phase);
        for (w, h) in SIZES {
            let screen = draw(&s, w, h).backend().to_string();
            assert!(screen.contains(words), "{words} at {w}x{h}\n{screen}");
            assert!(
                screen.contains("device code sign-in"),
                "the method at {w}x{h}"
            );
        }
    }
}

#[test]
fn reauth_keeps_the_essential_line_when_small() {
    let screen = draw(&reauth(device_code()), 40, 10).backend().to_string();
    assert!(screen.contains("FQKZ-7MWD"), "{screen}");
    let screen = draw(&reauth(ReauthPhase::Prompt), 40, 10)
        .backend()
        .to_string();
    assert!(screen.contains("session was"), "{screen}");
    let mut s = reauth(ReauthPhase::Prompt);
    reauth_mut(&mut s).method = SignInMethod::Pat;
    let screen = draw(&s, 80, 24).backend().to_string();
    assert!(
        !screen.contains("use Azure CLI instead"),
        "no CLI offer for a PAT"
    );
}

#[test]
fn detail_max_scroll_reaches_the_last_line() {
    let mut s = fixtures::loaded(Tab::MyWork);
    s.my_work_list.selected = Some(4211);
    s.detail_open = true;
    let size = ratatui::layout::Rect::new(0, 0, 80, 24);
    let max = ui::detail_max_scroll(size, &s);
    assert!(max > 0);
    s.detail_scroll = max;
    let screen = draw(&s, 80, 24).backend().to_string();
    assert!(screen.contains("https://example.com/trace"), "{screen}");
    s.detail_open = false;
    assert_eq!(ui::detail_max_scroll(size, &s), 0);
}

/// A dismissed sign-in, as `Paused` keeps it.
fn parked() -> ReauthState {
    ReauthState {
        reason: ReauthReason::Unauthorized,
        method: SignInMethod::DeviceCode,
        phase: ReauthPhase::Prompt,
        attempts: 0,
        error: None,
        tenant: None,
        copied: false,
        claims: None,
    }
}

#[test]
fn paused_before_anything_loaded_says_so_instead_of_loading() {
    let mut s = State::new(fixtures::context(), now());
    s.paused = Some(Paused {
        since: now(),
        queued: 4,
        reauth: parked(),
    });
    let screen = draw(&s, 80, 24).backend().to_string();
    assert!(screen.contains("sign in again"), "{screen}");
    assert!(!screen.contains("Loading"), "{screen}");
}
