//! Files as the tool reads and writes them: bounded reads of regular files
//! (or standard input, `-`), outputs written whole or not at all (a
//! temporary file in the same directory, fsync, link or rename, fsync of
//! the directory), never replacing a file unless `--force` says so, and the
//! crash points the tests use.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::error::CliError;

/// Mode of public outputs (cards, envelopes, statements, tokens,
/// transcripts).
pub const MODE_PUBLIC: u32 = 0o644;
/// Mode of secrets (private keys, serial counters, lock files).
pub const MODE_PRIVATE: u32 = 0o600;

/// Whether `path` is `-`, standard input or output.
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name of a path for messages: `-` is standard input or output.
pub fn name(path: &Path) -> String {
    if is_dash(path) {
        "standard input".into()
    } else {
        path.display().to_string()
    }
}

/// Opens `path` for reading, refusing what is not a regular file (a FIFO
/// would block, a device would never end) before anything is read. The
/// open itself does not block on a FIFO (O_NONBLOCK).
pub fn open_regular(path: &Path) -> Result<File, CliError> {
    let meta = fs::metadata(path).map_err(|e| CliError::io(path, "read", e))?;
    if !meta.is_file() {
        return Err(not_regular(path, &meta));
    }
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let f = opts.open(path).map_err(|e| CliError::io(path, "read", e))?;
    // What was opened is what counts (the path may have changed since).
    let meta = f.metadata().map_err(|e| CliError::io(path, "read", e))?;
    if !meta.is_file() {
        return Err(not_regular(path, &meta));
    }
    Ok(f)
}

fn not_regular(path: &Path, meta: &fs::Metadata) -> CliError {
    let t = meta.file_type();
    let what = if t.is_dir() {
        "a directory"
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                "a FIFO"
            } else if t.is_char_device() || t.is_block_device() {
                "a device"
            } else if t.is_socket() {
                "a socket"
            } else {
                "not a regular file"
            }
        }
        #[cfg(not(unix))]
        "not a regular file"
    };
    CliError::Io {
        what: path.display().to_string(),
        op: "read",
        err: std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("is {what}, not a regular file (use `-` to read standard input)"),
        ),
    }
}

/// Reads at most `limit` bytes from `r` (`size`: what the file's length
/// says, so that the buffer is allocated once); more is a
/// [`CliError::Input`].
fn read_bounded(mut r: impl Read, path: &Path, limit: usize, what: &str, size: u64) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::with_capacity((size.min(limit as u64) as usize).saturating_add(1));
    r.by_ref()
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| CliError::io(path, "read", e))?;
    if buf.len() > limit {
        return Err(CliError::input_hint(
            name(path),
            format!("larger than the largest valid {what} ({limit} bytes)"),
            format!("give a {what}, not a larger file"),
        ));
    }
    Ok(buf)
}

/// Reads a whole input file (or standard input for `-`) of at most `limit`
/// bytes, the largest valid `what` (SPEC.md section 13).
pub fn read_input(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>, CliError> {
    if is_dash(path) {
        return read_bounded(std::io::stdin().lock(), path, limit, what, 0);
    }
    let f = open_regular(path)?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    read_bounded(f, path, limit, what, size)
}

/// Reads a private key file: refused when others may read it (as ssh
/// does), read into one buffer allocated up front and wiped when dropped.
pub fn read_secret(path: &Path, limit: usize) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let mut f = open_regular(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = f
            .metadata()
            .map_err(|e| CliError::io(path, "read", e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(CliError::input_hint(
                path.display(),
                format!(
                    "a private key that others may read (mode {:04o}); it is not used",
                    mode & 0o7777
                ),
                format!("make it readable by its owner only: chmod 600 '{}'", path.display()),
            ));
        }
    }
    // One allocation, never grown: no copy of the key is left behind in
    // freed memory.
    let mut buf = Zeroizing::new(Vec::with_capacity(limit + 1));
    (&mut f)
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| CliError::io(path, "read", e))?;
    if buf.len() > limit {
        return Err(CliError::input_hint(
            path.display(),
            format!("larger than any private key file ({limit} bytes)"),
            "give the PKCS#8 PEM file that keygen or `openssl genpkey` wrote",
        ));
    }
    Ok(buf)
}

/// Whether anything (a file, a directory, a dangling symlink) is at `path`.
pub fn occupied(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// The directory holding `path` (`.` for a bare file name).
pub fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Makes the directory entry changes in `dir` durable.
pub fn sync_dir(dir: &Path) -> Result<(), CliError> {
    crash_point("fsync directory");
    match File::open(dir).and_then(|d| d.sync_all()) {
        Ok(()) => Ok(()),
        // Some file systems cannot fsync a directory; the rename is then as
        // durable as they make it.
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Ok(()),
        Err(e) => Err(CliError::io(dir, "sync", e)),
    }
}

/// A temporary file next to `target`, created new with `mode`: it never
/// exists with wider permissions than its final ones.
pub struct TempFile {
    pub path: PathBuf,
    file: Option<File>,
}

impl TempFile {
    /// Creates the temporary file for `target`.
    pub fn new(target: &Path, mode: u32) -> Result<TempFile, CliError> {
        let dir = parent(target);
        let base = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        for attempt in 0..100u32 {
            let mut n = std::ffi::OsString::from(".");
            n.push(&base);
            n.push(format!(".tmp{}-{attempt}", std::process::id()));
            let path = dir.join(n);
            let mut opts = OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(mode);
            }
            match opts.open(&path) {
                Ok(file) => {
                    return Ok(TempFile { path, file: Some(file) });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(CliError::io(target, "create a temporary file for", e)),
            }
        }
        Err(CliError::io(
            target,
            "create a temporary file for",
            std::io::Error::other("too many temporary files in the way"),
        ))
    }

    /// Writes `bytes` and makes them durable.
    pub fn write_all_sync(&mut self, bytes: &[u8], target: &Path) -> Result<(), CliError> {
        let f = self.file.as_mut().expect("open until committed");
        check_file_size_limit(target, bytes.len() as u64)?;
        write_with_crash_points(f, bytes).map_err(|e| CliError::io(target, "write", e))?;
        crash_point("fsync file");
        f.sync_all().map_err(|e| CliError::io(target, "write", e))
    }

    /// Moves the file to `target`: with `replace`, over whatever is there;
    /// otherwise only if nothing is there (a hard link, which fails if the
    /// name exists, even as a dangling symlink).
    pub fn commit(mut self, target: &Path, replace: bool) -> Result<(), CliError> {
        self.file = None;
        crash_point("link or rename");
        let r = if replace {
            fs::rename(&self.path, target)
        } else {
            match fs::hard_link(&self.path, target) {
                Ok(()) => fs::remove_file(&self.path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(CliError::Exists(target.display().to_string()));
                }
                // A file system without hard links: check, then rename (the
                // check and the rename are not one step there).
                Err(_) if !occupied(target) => fs::rename(&self.path, target),
                Err(e) => Err(e),
            }
        };
        r.map_err(|e| CliError::io(target, "write", e))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Not committed (or committed by a hard link): remove the name.
        let _ = fs::remove_file(&self.path);
    }
}

/// One output of a command: a file, or standard output (`-`).
pub struct Output {
    /// Where (`-` is standard output).
    pub path: PathBuf,
    /// The bytes (wiped when dropped: some outputs are private keys).
    pub bytes: Zeroizing<Vec<u8>>,
    /// The file's mode.
    pub mode: u32,
}

impl Output {
    /// A public output.
    pub fn public(path: &Path, bytes: Vec<u8>) -> Output {
        Output {
            path: path.to_owned(),
            bytes: Zeroizing::new(bytes),
            mode: MODE_PUBLIC,
        }
    }

    /// A private output (mode 0600), such as a key file.
    pub fn private(path: &Path, bytes: &[u8]) -> Output {
        let mut b = Zeroizing::new(Vec::with_capacity(bytes.len()));
        b.extend_from_slice(bytes);
        Output {
            path: path.to_owned(),
            bytes: b,
            mode: MODE_PRIVATE,
        }
    }
}

/// Refuses an output that would replace a file the tool must never
/// replace: an input of this command, a transcript (append-only), a
/// directory, or (unless the output is itself a private key, as keygen
/// writes) a private key file.
fn check_replaceable(o: &Output, inputs: &[&Path]) -> Result<(), CliError> {
    let path = &o.path;
    let never = |why: &str| {
        Err(CliError::usage(format!(
            "{} {why}: it is not replaced, even with --force",
            path.display()
        )))
    };
    if let Ok(target) = fs::canonicalize(path) {
        for i in inputs.iter().filter(|i| !is_dash(i)) {
            if fs::canonicalize(i).is_ok_and(|c| c == target) {
                return never("is also an input of this command");
            }
        }
    }
    if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return never("is a directory");
    }
    if let Ok(f) = open_regular(path) {
        let mut head = [0u8; 64];
        let n = f.take(64).read(&mut head).unwrap_or(0);
        let head = &head[..n];
        if head.windows(20).any(|w| w == b"econtract-transcript") {
            return never("is a transcript, which is append-only (use `econtract append`)");
        }
        if o.mode != MODE_PRIVATE && head.windows(11).any(|w| w == b"PRIVATE KEY") {
            return never("holds a private key");
        }
    }
    Ok(())
}

/// Writes every output whole or not at all. Files are checked first (none
/// may exist unless `force`; none may be an input or a transcript), then
/// each is written to a temporary file and made durable, then all are put
/// in place; if one cannot be, those already put in place by this call are
/// removed again. Standard output, if one output goes there, is written
/// last.
pub fn commit_outputs(outputs: Vec<Output>, force: bool, inputs: &[&Path]) -> Result<(), CliError> {
    check_outputs(&outputs, force, inputs)?;
    write_outputs(outputs, force)
}

/// The checks of [`commit_outputs`], alone: for a command that must know
/// its outputs can be written before it does something it cannot undo
/// (`timestamp` reserving a serial).
pub fn check_outputs(outputs: &[Output], force: bool, inputs: &[&Path]) -> Result<(), CliError> {
    let mut seen: Vec<&Path> = Vec::new();
    for o in outputs {
        if seen.contains(&o.path.as_path()) {
            return Err(CliError::usage(format!(
                "{} is given for two outputs",
                if is_dash(&o.path) {
                    "standard output (-)".to_string()
                } else {
                    o.path.display().to_string()
                }
            )));
        }
        seen.push(&o.path);
        if is_dash(&o.path) {
            continue;
        }
        check_replaceable(o, inputs)?;
        if !force && occupied(&o.path) {
            return Err(CliError::Exists(o.path.display().to_string()));
        }
    }
    Ok(())
}

fn write_outputs(outputs: Vec<Output>, force: bool) -> Result<(), CliError> {
    let mut staged = Vec::new();
    let mut stdout = None;
    for o in outputs {
        if is_dash(&o.path) {
            stdout = Some(o.bytes);
            continue;
        }
        let mut t = TempFile::new(&o.path, o.mode)?;
        t.write_all_sync(&o.bytes, &o.path)?;
        staged.push((t, o.path));
    }
    // With --force, each file replaced is first kept under a second name,
    // so that a failure half-way puts every replaced file back.
    let mut kept: Vec<(PathBuf, PathBuf)> = Vec::new();
    if force {
        for (_, path) in &staged {
            if !occupied(path) {
                continue;
            }
            let mut n = std::ffi::OsString::from(".");
            n.push(path.file_name().unwrap_or_default());
            n.push(format!(".old{}", std::process::id()));
            let backup = parent(path).join(n);
            let _ = fs::remove_file(&backup);
            if let Err(e) = fs::hard_link(path, &backup) {
                for (_, b) in &kept {
                    let _ = fs::remove_file(b);
                }
                return Err(CliError::io(path, "keep a copy of", e));
            }
            kept.push((path.clone(), backup));
        }
    }
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for (t, path) in staged {
        if let Err(e) = t.commit(&path, force) {
            for p in &placed {
                match kept.iter().find(|(orig, _)| orig == p) {
                    Some((orig, backup)) => {
                        let _ = fs::rename(backup, orig);
                    }
                    None => {
                        let _ = fs::remove_file(p);
                    }
                }
            }
            for (_, b) in &kept {
                let _ = fs::remove_file(b);
            }
            return Err(e);
        }
        let d = parent(&path);
        if !dirs.contains(&d) {
            dirs.push(d);
        }
        placed.push(path);
    }
    for (_, b) in &kept {
        let _ = fs::remove_file(b);
    }
    for d in &dirs {
        sync_dir(d)?;
    }
    if let Some(bytes) = stdout {
        crate::error::stdout_write(&bytes)?;
    }
    Ok(())
}

/// Refuses a write that the process's file-size limit (`ulimit -f`) would
/// cut short: the kernel would stop it with SIGXFSZ halfway.
pub fn check_file_size_limit(path: &Path, end: u64) -> Result<(), CliError> {
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Fsize);
        if let Some(max) = limit.current
            && end > max
        {
            return Err(CliError::io(
                path,
                "write",
                std::io::Error::new(
                    std::io::ErrorKind::FileTooLarge,
                    format!("the file would reach {end} bytes, over the file-size limit of {max} bytes"),
                ),
            ));
        }
    }
    let _ = path;
    Ok(())
}

/// Writes `bytes` as one write, except at a crash point, where nothing or
/// half is written first (a torn write) and the process dies there, or,
/// when `ECONTRACT_CRASH_MODE=full`, the write fails as on a full disk.
pub fn write_with_crash_points(f: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    let full = || std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device (injected)");
    if crash_now("write") {
        if full_disk_mode() {
            return Err(full());
        }
        crash();
    }
    if crash_now("torn write") {
        let _ = f.write_all(&bytes[..bytes.len() / 2]);
        if full_disk_mode() {
            return Err(full());
        }
        crash();
    }
    f.write_all(bytes)
}

/// Whether crash points fail writes as a full disk would instead of
/// stopping the process (`ECONTRACT_CRASH_MODE=full`).
fn full_disk_mode() -> bool {
    cfg!(feature = "crash-points") && std::env::var("ECONTRACT_CRASH_MODE").is_ok_and(|m| m == "full")
}

/// With the `crash-points` feature: whether the environment's
/// `ECONTRACT_CRASH_AT` names this step (steps are counted from 1 across
/// the run). Always false otherwise.
#[cfg(feature = "crash-points")]
pub fn crash_now(step: &str) -> bool {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let Some(at) = std::env::var("ECONTRACT_CRASH_AT")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return false;
    };
    let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
    if n == at {
        crate::error::stderr_line(format_args!("econtract: crash point {n}: {step}"));
        true
    } else {
        false
    }
}

/// Without the `crash-points` feature: never.
#[cfg(not(feature = "crash-points"))]
#[inline(always)]
pub fn crash_now(_step: &str) -> bool {
    false
}

/// Stops the process dead at a crash point (no destructor runs, as in a
/// kill -9).
pub fn crash() -> ! {
    std::process::abort()
}

/// A crash point: with the `crash-points` feature, the process dies here
/// when the environment says so.
pub fn crash_point(step: &str) {
    if crash_now(step) {
        crash();
    }
}
