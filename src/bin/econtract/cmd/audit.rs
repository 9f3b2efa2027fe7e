//! `econtract audit`: verify transcripts and validate their contracts.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use econtract::audit::{Entry, EntryKind};
use econtract::{AuditOptions, CardSet, Policy, Report, render};
use serde_json::json;

use crate::error::{CliError, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK};
use crate::fsio;
use crate::party;

/// The largest policy file read.
const MAX_POLICY: usize = 64 * 1024;

/// Output formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A timeline and where the contract stands, in words.
    Text,
    /// The report as JSON (SPEC.md section 14.3).
    Json,
    /// A Mermaid sequence diagram.
    Mermaid,
}

/// The options of `audit`.
#[derive(clap::Args)]
pub struct Args {
    /// A transcript file (`-`: standard input) or a directory of transcripts.
    pub transcript: PathBuf,
    /// Directory of the party cards the auditor trusts.
    #[arg(long)]
    pub trust: PathBuf,
    /// A JSON policy file (SPEC.md section 18.7).
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Check every signature alone instead of in batches: slower, the same
    /// verdict (SPEC.md section 17).
    #[arg(long, alias = "strict-signatures")]
    pub one_by_one: bool,
    /// The card of the party whose own archive this is, when it is a
    /// provider's or a bank's: the report covers what that party can
    /// know (SPEC.md section 18.9; the policy's `viewer`).
    #[arg(long)]
    pub viewer: Option<PathBuf>,
}

type Audited = (Report, Vec<Entry>);
/// Why a file could not be audited, and the exit status that gives.
type Failed = (String, u8);

/// Audits one transcript or every `*.ect` file of a directory.
pub fn run(a: Args) -> Result<u8, CliError> {
    let options = AuditOptions {
        batch: !a.one_by_one,
        ..AuditOptions::default()
    };
    let trusted = party::read_card_dir(&a.trust)?;
    let mut policy: Policy = match &a.policy {
        Some(p) => {
            let bytes = fsio::read_input(p, MAX_POLICY, "policy")?;
            serde_json::from_slice(&bytes).map_err(|e| {
                CliError::input_hint(
                    fsio::name(p),
                    format!("not a policy: {e}"),
                    "a policy is a JSON object with the fields of SPEC.md section 18.7",
                )
            })?
        }
        None => Policy::default(),
    };
    if let Some(v) = &a.viewer {
        policy.viewer = Some(party::read_card(v)?.id());
    }
    let many = !fsio::is_dash(&a.transcript) && a.transcript.is_dir();
    let files: Vec<PathBuf> = if many {
        let v = party::files_with_ext(&a.transcript, "ect")?;
        if v.is_empty() {
            return Err(CliError::usage(format!(
                "{}: no *.ect transcript in this directory",
                a.transcript.display()
            )));
        }
        v
    } else {
        vec![a.transcript.clone()]
    };
    let progress = std::io::stderr().is_terminal();
    let mut worst = EXIT_OK;
    let mut outputs = Vec::new();
    for (k, f) in files.iter().enumerate() {
        if progress && files.len() > 1 {
            eprint!("\raudit: file {}/{} {}\x1b[K", k + 1, files.len(), f.display());
        }
        let r = audit_one(f, &trusted, &policy, &options, progress);
        worst = worst.max(match &r {
            Ok((report, _)) if report.is_valid() => EXIT_OK,
            Ok(_) => EXIT_FINDINGS,
            Err((_, status)) => *status,
        });
        outputs.push((f.clone(), r));
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    match print_audits(&outputs, a.format, many) {
        // `| head`: the reader stopped; the verdict stands.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(worst),
        other => other.map_err(CliError::Stdout)?,
    }
    for (f, r) in &outputs {
        if let Err((e, _)) = r {
            crate::error::stderr_line(format_args!("econtract: error: {}: {e}", fsio::name(f)));
        }
    }
    Ok(worst)
}

fn audit_one(
    path: &Path,
    trusted: &CardSet,
    policy: &Policy,
    options: &AuditOptions,
    progress: bool,
) -> Result<Audited, Failed> {
    let input: Box<dyn Read> = if fsio::is_dash(path) {
        Box::new(std::io::stdin().lock())
    } else {
        let mut journal = path.as_os_str().to_os_string();
        journal.push(".journal");
        if fsio::occupied(Path::new(&journal)) {
            return Err((
                format!(
                    "an append to it was interrupted; run `econtract append --repair {}`",
                    path.display()
                ),
                EXIT_INPUT,
            ));
        }
        Box::new(fsio::open_regular(path).map_err(|e| {
            let status = e.exit_status();
            let msg = match e {
                CliError::Io { op, err, .. } => format!("cannot {op}: {err}"),
                e => e.to_string(),
            };
            (msg, status)
        })?)
    };
    let mut timeline = Vec::new();
    let input = std::io::BufReader::new(input);
    let report = econtract::audit::audit_with(input, Some(trusted), policy.clone(), options.clone(), |e| {
        if progress && e.index % 1000 == 999 {
            eprint!("\raudit: {} records\x1b[K", e.index + 1);
        }
        timeline.push(e.clone());
    })
    .map_err(|e| match e {
        econtract::TranscriptError::TornTail { .. } => (
            format!(
                "{e}; run `econtract append --repair {}` to remove the torn record",
                path.display()
            ),
            EXIT_INPUT,
        ),
        econtract::TranscriptError::Io(e) => (format!("cannot read: {e}"), crate::error::EXIT_SYSTEM),
        e => (e.to_string(), EXIT_INPUT),
    })?;
    Ok((report, timeline))
}

fn entry_json(e: &Entry) -> serde_json::Value {
    let (record, kind, id, name) = match &e.what {
        EntryKind::Card(n) => ("card", None, None, Some(n.clone())),
        EntryKind::Statement(k, id) => ("statement", Some(k.name()), Some(*id), None),
        EntryKind::Token(imprint, _) => ("token", None, Some(*imprint), None),
    };
    let mut j = json!({
        "index": e.index,
        "record": record,
        "time": e.time,
        "from": e.from,
        "verified": true,
    });
    if let Some(m) = j.as_object_mut() {
        if let Some(k) = kind {
            m.insert("kind".into(), json!(k));
        }
        if let Some(to) = e.to {
            m.insert("to".into(), json!(to));
        }
        match &e.what {
            EntryKind::Token(_, serial) => {
                m.insert("stamps".into(), json!(id));
                m.insert("serial".into(), json!(serial));
            }
            _ => {
                if let Some(id) = id {
                    m.insert("id".into(), json!(id));
                }
            }
        }
        if let Some(n) = name {
            m.insert("name".into(), json!(n));
        }
    }
    j
}

/// Prints the audits: for a directory (`many`), an array of JSON objects or
/// one section per file; otherwise the one file's object or text. File
/// names that are not UTF-8 are printed with replacement characters.
fn print_audits(outputs: &[(PathBuf, Result<Audited, Failed>)], format: Format, many: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = outputs
                .iter()
                .map(|(f, r)| {
                    let file = fsio::name(f);
                    match r {
                        Ok((report, timeline)) => json!({
                            "file": file,
                            "verified": true,
                            "valid": report.is_valid(),
                            "complete": report.is_complete(),
                            "timeline": timeline.iter().map(entry_json).collect::<Vec<_>>(),
                            "report": report,
                        }),
                        Err((e, _)) => json!({"file": file, "verified": false, "error": e}),
                    }
                })
                .collect();
            let j = if many {
                json!(list)
            } else {
                list.into_iter().next().unwrap_or(json!(null))
            };
            let text = serde_json::to_string_pretty(&j).map_err(std::io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        Format::Text | Format::Mermaid => {
            for (f, r) in outputs {
                if many {
                    writeln!(out, "== {}", f.display())?;
                }
                if let Ok((report, timeline)) = r {
                    let text = match format {
                        Format::Mermaid => render::mermaid(report, timeline),
                        _ => render::text(report, timeline),
                    };
                    write!(out, "{text}")?;
                }
            }
        }
    }
    out.flush()
}
