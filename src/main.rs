//! The `gongbao` command: a thin layer over the library; one module per subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

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
