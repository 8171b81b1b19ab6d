//! The one loop: terminal events, fetcher Actions, a clock and signals meet in a
//! `select!`; `update` changes State; the screen is drawn only when something changed.

pub mod update;

use std::time::Duration;

use chrono::Utc;
use color_eyre::eyre::{Result, eyre};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::EventStream;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::JoinHandle;

use crate::action::{Action, Effect, View};
use crate::auth::azure_cli;
use crate::demo::DemoControl;
use crate::fetcher::Command;
use crate::keymap::{self, Mode};
use crate::state::{ReauthPhase, SignInMethod, State};
use crate::{tui, ui};

pub use update::update;

/// Clock period while something animates (spinner) and while idle (ages).
const FAST_TICK: Duration = Duration::from_millis(120);
const SLOW_TICK: Duration = Duration::from_secs(1);

pub struct App {
    pub state: State,
    pub commands: UnboundedSender<Command>,
    pub actions: UnboundedReceiver<Action>,
    pub fetcher: JoinHandle<()>,
    /// The embedded organization, in demo mode: `d`, `X` and `F` steer it.
    pub demo: Option<DemoControl>,
    /// The Azure CLI program to run for `az login`.
    pub az: String,
    /// Which demo fault `F` arms next.
    pub next_fault: usize,
}

impl App {
    pub async fn run(mut self, terminal: &mut DefaultTerminal) -> Result<()> {
        let size = terminal.size()?;
        self.apply(Action::Resize {
            width: size.width,
            height: size.height,
        });
        let mut events = EventStream::new();
        let mut signals = Signals::new()?;
        let mut dirty = true;
        loop {
            if dirty {
                terminal.draw(|frame| ui::render(&self.state, frame))?;
                dirty = false;
            }
            let tick = if self.animating() {
                FAST_TICK
            } else {
                SLOW_TICK
            };
            let effects = tokio::select! {
                event = events.next() => match event {
                    Some(Ok(event)) => match keymap::handle_event(Mode::of(&self.state), &event) {
                        Some(action) => self.apply(action),
                        None => continue,
                    },
                    Some(Err(e)) => return Err(eyre!("terminal input failed: {e}")),
                    None => return Ok(()),
                },
                Some(action) = self.actions.recv() => {
                    let mut effects = self.apply(action);
                    // Coalesce a burst of fetcher messages into one draw.
                    while let Ok(more) = self.actions.try_recv() {
                        effects.extend(self.apply(more));
                    }
                    effects
                }
                () = tokio::time::sleep(tick) => self.apply(Action::Tick(Utc::now())),
                joined = &mut self.fetcher => {
                    return Err(match joined {
                        Err(e) if e.is_panic() => eyre!("the background fetcher crashed: {}", panic_message(&*e.into_panic())),
                        _ => eyre!("the background fetcher stopped"),
                    });
                }
                () = signals.recv() => self.apply(Action::Quit),
            };
            dirty = true;
            for effect in effects {
                if !self.execute(effect, terminal, &mut events).await? {
                    return Ok(());
                }
            }
            if self.state.should_quit {
                return Ok(());
            }
        }
    }

    /// Show a line in the status bar, e.g. a start-up warning.
    pub fn notify(&mut self, text: String, warning: bool) {
        self.apply(Action::Notify { text, warning });
    }

    fn animating(&self) -> bool {
        self.state.is_loading()
            || self.state.reauth().is_some_and(|r| {
                matches!(
                    r.phase,
                    ReauthPhase::Starting | ReauthPhase::DeviceCode { .. } | ReauthPhase::Retrying
                )
            })
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        update(&mut self.state, action)
    }

    /// Carry out one effect; false means quit.
    async fn execute(
        &mut self,
        effect: Effect,
        terminal: &mut DefaultTerminal,
        events: &mut EventStream,
    ) -> Result<bool> {
        match effect {
            Effect::Quit => return Ok(false),
            Effect::Refresh(view) => self.command(Command::Refresh(view)),
            Effect::OpenUrl(url) => {
                if let Err(why) = open_url(&url) {
                    // Hand the link over another way: the clipboard, as OSC 52.
                    let text = if tui::copy_osc52(&url).is_ok() {
                        format!("{why}: link copied to the clipboard")
                    } else {
                        format!("{why}: {url}")
                    };
                    self.apply(Action::Notify {
                        text,
                        warning: false,
                    });
                }
            }
            Effect::Copy(text) => {
                if let Err(e) = tui::copy_osc52(&text) {
                    tracing::warn!("clipboard copy failed: {e}");
                }
            }
            Effect::SignIn(SignInMethod::AzureCli) => self.az_login(terminal, events).await?,
            Effect::SignIn(method) => self.command(Command::SignIn(method)),
            Effect::SubmitPat(pat) => self.command(Command::SubmitPat(pat)),
            Effect::CancelSignIn => self.command(Command::CancelSignIn),
            Effect::ApproveDemoSignIn => {
                if let Some(demo) = &self.demo {
                    demo.approve_device_codes();
                }
            }
            Effect::DemoFault => {
                if let Some(demo) = &self.demo {
                    let what = demo.inject_showcase(self.next_fault);
                    self.next_fault += 1;
                    self.apply(Action::Notify {
                        text: format!("demo: the next request gets {what}"),
                        warning: false,
                    });
                    self.command(Command::Refresh(View::of_tab(self.state.tab)));
                }
            }
            Effect::DemoRevoke => {
                if let Some(demo) = &self.demo {
                    demo.revoke_sessions();
                    self.command(Command::RefreshAll);
                }
            }
        }
        Ok(true)
    }

    fn command(&self, command: Command) {
        if self.commands.send(command).is_err() {
            tracing::warn!("fetcher gone; command dropped");
        }
    }

    /// Hand the terminal to `az login --claims-challenge ...`, then take it back.
    async fn az_login(
        &mut self,
        terminal: &mut DefaultTerminal,
        events: &mut EventStream,
    ) -> Result<()> {
        if let Err(e) = azure_cli::check_cli(&self.az).await {
            self.apply(Action::SignInFailed {
                message: e.to_string(),
            });
            return Ok(());
        }
        let (claims, tenant) = self.state.paused.as_ref().map_or((None, None), |p| {
            (p.reauth.claims.clone(), p.reauth.tenant.clone())
        });
        let args = azure_cli::login_args(claims.as_deref(), tenant.as_deref());
        // Stop our input reader before az owns the terminal, or it steals keystrokes.
        *events = EventStream::new();
        tui::restore();
        println!(
            "adoboard: the board is paused; signing in with: az {}\n",
            args.join(" ")
        );
        let status = tokio::process::Command::new(&self.az)
            .args(&args)
            .status()
            .await;
        // Keys typed for az that are still queued must not act on the board.
        while ratatui::crossterm::event::poll(Duration::ZERO)? {
            let _ = ratatui::crossterm::event::read()?;
        }
        *terminal = tui::init()?;
        terminal.clear()?;
        *events = EventStream::new();
        match status {
            Ok(s) if s.success() => self.command(Command::SignIn(SignInMethod::AzureCli)),
            Ok(s) => {
                self.apply(Action::SignInFailed {
                    message: format!("az login did not finish ({s})"),
                });
            }
            Err(e) => {
                self.apply(Action::SignInFailed {
                    message: format!("could not run az: {e}"),
                });
            }
        }
        Ok(())
    }
}

fn open_url(url: &str) -> Result<(), String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        tracing::warn!("refusing to open a non-web URL");
        return Err("not a web link".into());
    }
    open::that_detached(url).map_err(|e| {
        tracing::warn!("could not open the browser: {e}");
        "no browser".to_owned()
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// SIGTERM and SIGHUP end the app cleanly (Ctrl-C arrives as a key in raw mode).
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                term: signal(SignalKind::terminate())?,
                hup: signal(SignalKind::hangup())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.hup.recv() => {}
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await;
    }
}
