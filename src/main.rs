//! The `gongbao` command: a thin layer over the library; one module per subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Extraction makes and drops many small strings (a claim's subject, unit, text); mimalloc
/// serves them in a fraction of the system allocator's time (see README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("gongbao: {err:#}");
            ExitCode::from(2)
        }
    }
}
