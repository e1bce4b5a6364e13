//! Command-line interface: argument parsing and dispatch to one module per subcommand.

mod atomic;
mod audit;
mod batch;
mod extract;
mod input;
mod schema;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// gongbao: the numeric claims of Chinese-language official bulletins, as data.
#[derive(Debug, Parser)]
#[command(name = "gongbao", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Extract(extract::Args),
    Audit(audit::Args),
    Batch(batch::Args),
    Schema(schema::Args),
}

/// Output formats for documents and checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// YAML (the default).
    Yaml,
    /// JSON, pretty-printed.
    Json,
}

/// Runs a parsed command line and returns the process's exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Schema(args) => schema::run(args),
    }
}
