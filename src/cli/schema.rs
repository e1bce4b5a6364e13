//! `gongbao schema`: the JSON Schema of `extract`'s output, for validating it downstream.

use std::process::ExitCode;

/// Print the JSON Schema of the output of `gongbao extract --format json` (one document).
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> anyhow::Result<ExitCode> {
    let schema = schemars::schema_for!(gongbao::Document);
    println!("{}", serde_json::to_string_pretty(&schema)?);
    Ok(ExitCode::SUCCESS)
}
