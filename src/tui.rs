//! The terminal: enter and leave raw mode, mouse and paste, and restore it on every
//! exit path (normal quit, error, panic, signal), plus suspend/resume around `az login`.

use std::io::{Write, stdout};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

/// Enter the alternate screen in raw mode with mouse and bracketed paste on.
/// `ratatui::init` also installs a panic hook that restores the terminal.
pub fn init() -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    Ok(terminal)
}

/// Leave raw mode and the alternate screen. Safe to call more than once.
pub fn restore() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// Chain a panic hook that also turns mouse capture off, so a panic anywhere
/// (including a spawned task) leaves a usable terminal.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Copy `text` to the clipboard with OSC 52, which most terminals (and tmux with
/// `set-clipboard on`) honour, also over SSH.
pub fn copy_osc52(text: &str) -> std::io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
