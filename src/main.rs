//! adoboard's entry point: parse flags, install hooks, set up logging, run, restore.

use adoboard::cli::Cli;
use adoboard::{config, launch, tui};
use clap::Parser;
use color_eyre::eyre::Result;
use std::io::IsTerminal;

fn main() -> Result<()> {
    color_eyre::install()?;
    let cli = Cli::parse();
    let _log_guard = init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!("adoboard: needs an interactive terminal (stdin and stdout must be a TTY)");
        std::process::exit(2);
    }
    let mut warnings = Vec::new();
    let (parts, demo) = if cli.demo {
        let (parts, server) = launch::demo_parts(&cli).await?;
        (parts, Some(server))
    } else {
        let config = match config::load(&cli) {
            Ok(config) => config,
            Err(message) => {
                // A setup problem, not a crash: one clear line, no backtrace.
                eprintln!("adoboard: {message}");
                std::process::exit(2);
            }
        };
        for warning in &config.warnings {
            eprintln!("adoboard: warning: {warning}");
            tracing::warn!("{warning}");
        }
        warnings.clone_from(&config.warnings);
        (launch::real_parts(&config)?, None)
    };
    let mut app = launch::app(
        parts,
        demo.as_ref().map(adoboard::demo::DemoServer::control),
    );
    for text in warnings {
        app.notify(text, true);
    }
    tui::install_panic_hook();
    let mut terminal = tui::init()?;
    let result = app.run(&mut terminal).await;
    tui::restore();
    drop(demo);
    result
}

/// Log to a file in the user's state directory, never to the terminal.
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = config::log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::never(&dir, "adoboard.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_env("ADOBOARD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("adoboard=info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .init();
    Some(guard)
}
