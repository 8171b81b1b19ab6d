//! Speed targets, measured rather than asserted in tests: drawing and moving through
//! a board of 20,000 work items. Run with `cargo bench`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use adoboard::action::{Action, ViewData};
use adoboard::app::update;
use adoboard::domain::{Identity, WorkItem};
use adoboard::state::{Context, State, Tab};
use chrono::{TimeDelta, Utc};
use ratatui::{Terminal, backend::TestBackend};

const ITEMS: u32 = 20_000;
/// A frame budget that keeps typing smooth.
const FRAME_BUDGET: Duration = Duration::from_millis(16);

fn board() -> State {
    let now = Utc::now();
    let mut state = State::new(
        Context {
            org: "fabrikam".into(),
            project: "Fabrikam Fiber".into(),
            ..Context::default()
        },
        now,
    );
    state.size = (120, 40);
    let states = ["Active", "New", "Resolved", "Closed"];
    let items: Vec<WorkItem> = (0..ITEMS)
        .map(|i| WorkItem {
            id: i + 1,
            title: format!("Work item {i} with a reasonably long title that needs cutting 🚀"),
            work_item_type: "Task".into(),
            state: states[(i % 4) as usize].into(),
            assigned_to: Some(Identity {
                display_name: "Zoë Ångström".into(),
                ..Identity::default()
            }),
            changed_date: Some(now - TimeDelta::minutes(i64::from(i))),
            tags: vec!["perf".into(), "bench".into()],
            ..WorkItem::default()
        })
        .collect();
    update(
        &mut state,
        Action::Loaded {
            generation: 1,
            at: now,
            data: ViewData::MyWork(items),
            notice: None,
        },
    );
    state.tab = Tab::MyWork;
    state
}

fn measure(name: &str, runs: u32, mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    for _ in 0..runs {
        f();
    }
    let per = start.elapsed() / runs;
    println!("{name:<44} {per:>12.3?} per run ({runs} runs)");
    per
}

fn main() {
    let mut state = board();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let draw = measure("render My work, 20,000 items, 120x40", 200, || {
        terminal
            .draw(|f| adoboard::ui::render(black_box(&state), f))
            .expect("draw");
    });
    state.detail_open = true;
    measure("render with detail pane", 200, || {
        terminal
            .draw(|f| adoboard::ui::render(black_box(&state), f))
            .expect("draw");
    });
    // The selected item gets a large HTML description (near the 64 KiB cap).
    let selected = state.my_work_list.selected;
    let saved = state.my_work.data.clone();
    if let Some(item) = state
        .my_work
        .data
        .as_mut()
        .and_then(|items| items.iter_mut().find(|w| Some(w.id) == selected))
    {
        let html =
            "<p>A paragraph with <b>bold</b> and <a href='https://example.com'>a link</a>.</p>"
                .repeat(800);
        // As the fetcher does when the item arrives: convert once, off the draw path.
        item.description = Some(adoboard::azdo::convert::html_to_text(&html, 4096));
        item.description_html = Some(html);
    }
    measure("render with detail pane, 64 KiB description", 50, || {
        terminal
            .draw(|f| adoboard::ui::render(black_box(&state), f))
            .expect("draw");
    });
    state.my_work.data = saved;
    state.detail_open = false;
    let key = measure("update: SelectNext (j)", 2_000, || {
        black_box(update(&mut state, Action::SelectNext));
    });
    measure("update: SelectLast (G) then SelectFirst (g)", 500, || {
        update(&mut state, Action::SelectLast);
        update(&mut state, Action::SelectFirst);
    });
    let now = Utc::now();
    let items = state.my_work.data.clone().unwrap_or_default();
    let mut generation = 1;
    measure(
        "update: refresh of 20,000 items keeps selection",
        100,
        || {
            generation += 1;
            update(
                &mut state,
                Action::Loaded {
                    generation,
                    at: now,
                    data: ViewData::MyWork(items.clone()),
                    notice: None,
                },
            );
        },
    );
    println!();
    println!(
        "frame budget {FRAME_BUDGET:?}: render {} , key {}",
        if draw < FRAME_BUDGET { "ok" } else { "OVER" },
        if key < FRAME_BUDGET { "ok" } else { "OVER" }
    );
}
