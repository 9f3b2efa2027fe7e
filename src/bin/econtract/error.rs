//! The tool's errors, by class, and the exit status each class gives.
//!
//! | status | class | examples |
//! |---|---|---|
//! | 0 | success | (`audit`: the contract is valid: complete or in progress without findings) |
//! | 1 | findings | `audit` found rule breaks |
//! | 2 | usage | bad option or value, an output that exists without `--force` |
//! | 3 | input refused | a file that is not what the command expects, a signature that does not verify, a record `append` refuses |
//! | 4 | system | a file that cannot be read or written: missing, not a regular file, no permission, disk full, file-size limit |

use std::fmt;
use std::path::Path;

/// Exit status: the contract is valid.
pub const EXIT_OK: u8 = 0;
/// Exit status: the audit found findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: the command line is wrong (clap uses 2 as well).
pub const EXIT_USAGE: u8 = 2;
/// Exit status: an input was refused (invalid, unverifiable, tampered).
pub const EXIT_INPUT: u8 = 3;
/// Exit status: a file could not be read or written.
pub const EXIT_SYSTEM: u8 = 4;

/// A failure of a command, printed as `econtract: error: ...` with an
/// optional `hint:` line saying what to do.
#[derive(Debug)]
pub enum CliError {
    /// The command line is wrong.
    Usage(String),
    /// An output file exists and `--force` was not given.
    Exists(String),
    /// An input file's content is refused.
    Input {
        /// The file (`-` for standard input) or option concerned.
        what: String,
        /// What is wrong.
        msg: String,
        /// What to do, if known.
        hint: Option<String>,
    },
    /// A file cannot be read or written.
    Io {
        /// The file.
        what: String,
        /// The operation (`read`, `write`, `lock`...).
        op: &'static str,
        /// The system's error.
        err: std::io::Error,
    },
    /// Standard output cannot be written (a closed pipe is not an error:
    /// see [`CliError::is_closed_pipe`]).
    Stdout(std::io::Error),
}

impl CliError {
    /// A usage error.
    pub fn usage(msg: impl Into<String>) -> CliError {
        CliError::Usage(msg.into())
    }

    /// An input refused, without a hint.
    pub fn input(what: impl fmt::Display, msg: impl fmt::Display) -> CliError {
        CliError::Input {
            what: what.to_string(),
            msg: msg.to_string(),
            hint: None,
        }
    }

    /// An input refused, with a hint saying what to do.
    pub fn input_hint(what: impl fmt::Display, msg: impl fmt::Display, hint: impl Into<String>) -> CliError {
        CliError::Input {
            what: what.to_string(),
            msg: msg.to_string(),
            hint: Some(hint.into()),
        }
    }

    /// A failed read or write of `path`.
    pub fn io(path: &Path, op: &'static str, err: std::io::Error) -> CliError {
        CliError::Io {
            what: path.display().to_string(),
            op,
            err,
        }
    }

    /// The exit status of this error's class.
    pub fn exit_status(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::Exists(_) => EXIT_USAGE,
            CliError::Input { .. } => EXIT_INPUT,
            CliError::Io { .. } | CliError::Stdout(_) => EXIT_SYSTEM,
        }
    }

    /// Whether this is standard output closed by its reader (`| head`):
    /// the command then ends quietly.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, CliError::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// What to do about it, if the tool knows.
    pub fn hint(&self) -> Option<String> {
        match self {
            CliError::Input { hint, .. } => hint.clone(),
            CliError::Exists(_) => Some("give --force to replace it, or choose another file".into()),
            CliError::Io { err, .. } => match err.kind() {
                std::io::ErrorKind::NotFound => Some("check the path".into()),
                std::io::ErrorKind::PermissionDenied => Some("check the file's owner and mode".into()),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::FileTooLarge => {
                    Some("free some space (or raise `ulimit -f`) and run the command again".into())
                }
                _ => None,
            },
            _ => None,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) => f.write_str(m),
            CliError::Exists(p) => write!(f, "{p} exists; it was left as it is"),
            CliError::Input { what, msg, .. } => write!(f, "{what}: {msg}"),
            CliError::Io { what, op, err } => write!(f, "{what}: cannot {op}: {err}"),
            CliError::Stdout(e) => write!(f, "standard output: cannot write: {e}"),
        }
    }
}

/// Writes to standard output, mapping failures to [`CliError::Stdout`].
pub fn stdout_write(bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|_| out.flush()).map_err(CliError::Stdout)
}

/// Writes a line of text to standard output.
pub fn stdout_line(text: impl fmt::Display) -> Result<(), CliError> {
    stdout_write(format!("{text}\n").as_bytes())
}

/// Writes a line to standard error (failures there are ignored: there is
/// nowhere left to report them).
pub fn stderr_line(text: impl fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
