//! `gongbao audit`: rounding-aware consistency checks of each input's figures, and across inputs.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use gongbao::audit::{Auditor, Check, Verdict};
use gongbao::schema::Schemas;
use gongbao::{Document, Extractor, Rules};
use serde::Serialize;

use super::input;

const EXAMPLES: &str = "\
Examples:
  gongbao audit samples/party-stats-2019-commentary.txt
  gongbao audit --only-inconsistent bulletins/*.txt
  gongbao audit --format json report.txt > checks.json
  gongbao audit --schema my-metrics.yaml 2018.txt 2019.txt

Each stated figure stands for the interval its rounding allows (1.5% is [1.45, 1.55]); a check is
consistent when the interval its inputs allow meets it. Several inputs are also checked against each
other as one series (level(t) − change(t) ≈ level(t−1), by schema metric), ordered by their period.
The table marks ✓ consistent, ✗ inconsistent, ? not checkable. `--format yaml|json` prints one
document, {checks: [...]}, each check naming its `source`.
Exit codes: 0 nothing inconsistent; 1 something inconsistent; 2 some input could not be read (named
on stderr; the others are still checked).";

/// How to print the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// A table for people: verdict, relation, subject and the arithmetic.
    Table,
    /// YAML: {checks: [...]}.
    Yaml,
    /// JSON, pretty-printed: {checks: [...]}.
    Json,
}

/// Check that the figures of bulletins agree with each other, allowing for rounding.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Text files to read (`-` reads standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    format: AuditFormat,
    /// Show only the inconsistent checks.
    #[arg(long)]
    only_inconsistent: bool,
    /// A schema file whose metrics are added to the built-in ones (matched first); repeatable.
    #[arg(long, value_name = "FILE")]
    schema: Vec<PathBuf>,
    /// A rule file whose words and patterns are added to the built-in rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
}

#[derive(Serialize)]
struct Report<'a> {
    checks: &'a [Check],
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let rules = match &args.rules {
        Some(path) => Rules::with_file(path)?,
        None => Rules::default(),
    };
    let extractor = Extractor::new(rules);
    let custom;
    let schemas = if args.schema.is_empty() {
        Schemas::builtin()
    } else {
        custom = Schemas::with_files(&args.schema)?;
        &custom
    };
    let auditor = Auditor::new(schemas);

    let mut docs: Vec<Document> = Vec::new();
    let mut sections: Vec<(String, Vec<Check>)> = Vec::new();
    let mut failed = false;
    for name in &args.files {
        match input::read_text(name) {
            Ok(decoded) => {
                let text = decoded.text;
                let mut doc = extractor.extract(&text);
                doc.source = Some(name.clone());
                doc.encoding = Some(decoded.encoding.to_string());
                doc.title = decoded.title;
                if !args.schema.is_empty() {
                    schemas.assign(&mut doc.claims);
                }
                sections.push((name.clone(), auditor.audit_text(&doc, &text)));
                docs.push(doc);
            }
            Err(err) => {
                eprintln!("gongbao: {err:#}");
                failed = true;
            }
        }
    }
    if docs.len() > 1 {
        let mut series = auditor.audit_series(&docs);
        for check in &mut series {
            let names: Vec<&str> = check
                .documents
                .iter()
                .filter_map(|&d| docs.get(d).and_then(|doc| doc.source.as_deref()))
                .collect();
            let mut unique: Vec<&str> = Vec::new();
            for n in names.into_iter().rev() {
                if !unique.contains(&n) {
                    unique.insert(0, n);
                }
            }
            check.source = Some(unique.join(" → "));
        }
        sections.push(("series".to_string(), series));
    }
    let inconsistent = sections
        .iter()
        .flat_map(|(_, checks)| checks)
        .any(|c| c.verdict == Verdict::Inconsistent);
    if args.only_inconsistent {
        for (_, checks) in &mut sections {
            checks.retain(|c| c.verdict == Verdict::Inconsistent);
        }
    }

    let out = match args.format {
        AuditFormat::Table => table(&sections, args.only_inconsistent),
        AuditFormat::Yaml | AuditFormat::Json => {
            let checks: Vec<Check> = sections.into_iter().flat_map(|(_, c)| c).collect();
            let report = Report { checks: &checks };
            if args.format == AuditFormat::Yaml {
                yaml_serde::to_string(&report)?
            } else {
                serde_json::to_string_pretty(&report)? + "\n"
            }
        }
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r.context("cannot write to standard output")?,
    }
    Ok(if failed {
        ExitCode::from(2)
    } else if inconsistent {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The checks as a table for people, one section per input (and one for the series).
fn table(sections: &[(String, Vec<Check>)], only_inconsistent: bool) -> String {
    const SUBJECT_MAX: usize = 28;
    let subject_width = sections
        .iter()
        .flat_map(|(_, c)| c)
        .map(|c| width(&c.subject).min(SUBJECT_MAX))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (name, checks) in sections {
        out += name;
        out += "\n";
        for c in checks {
            let mark = match c.verdict {
                Verdict::Consistent => '✓',
                Verdict::Inconsistent => '✗',
                Verdict::NotCheckable => '?',
            };
            let pad = subject_width.saturating_sub(width(&c.subject));
            out += &format!(
                "  {mark} {:<18} {}{}  {}\n",
                c.relation.name(),
                c.subject,
                " ".repeat(pad),
                c.explanation
            );
        }
        let count = |v: Verdict| checks.iter().filter(|c| c.verdict == v).count();
        if checks.is_empty() {
            out += if only_inconsistent {
                "  (nothing inconsistent)\n"
            } else {
                "  (no checks)\n"
            };
        } else if only_inconsistent {
            out += &format!("  {} inconsistent\n", checks.len());
        } else {
            out += &format!(
                "  {} consistent, {} inconsistent, {} not checkable\n",
                count(Verdict::Consistent),
                count(Verdict::Inconsistent),
                count(Verdict::NotCheckable)
            );
        }
    }
    out
}

/// Display width in a terminal: East Asian wide and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = matches!(u,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}
