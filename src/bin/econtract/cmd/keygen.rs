//! `econtract keygen`: a new party's keys and card.

use std::path::PathBuf;

use econtract::PartySecret;
use getrandom::SysRng;
use rand_core::UnwrapErr;

use crate::error::{CliError, EXIT_OK, stdout_line};
use crate::{fsio, party};

/// The options of `keygen`.
#[derive(clap::Args)]
pub struct Args {
    /// The party's name, as its card will show it.
    #[arg(long)]
    pub name: String,
    /// Directory to write the files to (created if absent).
    #[arg(long)]
    pub out: PathBuf,
    /// Use this Ed25519 key (for example from `openssl genpkey -algorithm ed25519`).
    #[arg(long, requires = "encryption_key")]
    pub signing_key: Option<PathBuf>,
    /// Use this X25519 key (for example from `openssl genpkey -algorithm x25519`).
    #[arg(long, requires = "signing_key")]
    pub encryption_key: Option<PathBuf>,
    /// The card's creation time (RFC 3339); default now.
    #[arg(long)]
    pub time: Option<String>,
    /// Replace the party's files if they exist.
    #[arg(long)]
    pub force: bool,
}

/// Writes the party's four files, all or none.
pub fn run(a: Args) -> Result<u8, CliError> {
    let created = super::time_arg("--time", &a.time)?;
    let keys = a.signing_key.clone().zip(a.encryption_key.clone());
    let party = match &keys {
        Some((s, e)) => party::party_from_keys(&a.name, s, e, created)?,
        None => PartySecret::generate(&a.name, created, &mut UnwrapErr(SysRng))
            .map_err(|e| CliError::usage(format!("--name: {e}")))?,
    };
    let mut dir = std::fs::DirBuilder::new();
    dir.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        dir.mode(0o755);
    }
    dir.create(&a.out)
        .map_err(|e| CliError::io(&a.out, "create the directory", e))?;
    let stem = a.out.join(party::stem_for(&a.name, &party));
    let (paths, outputs) = party::party_outputs(&stem, &party);
    let inputs: Vec<&std::path::Path> = keys.iter().flat_map(|(s, e)| [s.as_path(), e.as_path()]).collect();
    fsio::commit_outputs(outputs, a.force, &inputs)?;
    stdout_line(format_args!("party {} ({})", party.name(), party.id()))?;
    for f in [&paths.sign, &paths.enc, &paths.card, &paths.text] {
        stdout_line(format_args!("  wrote {}", f.display()))?;
    }
    Ok(EXIT_OK)
}
