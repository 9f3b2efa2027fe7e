//! Auditing many transcripts (`econtract audit DIR`, `--files-from`): one
//! file per job on every core, the results handed back in file order,
//! memory bounded by a window of files in flight, a progress line on a
//! terminal and a summary at the end (SPEC.md section 14.3).
//!
//! A panic, or an output that fails (a closed pipe), stops every worker:
//! nothing waits for ever on a file that will not come.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use econtract::Report;
use serde::Serialize;

/// Files in flight per worker: audited but not yet printed, or being audited.
const WINDOW_PER_WORKER: usize = 4;
/// Most unverifiable files the summary names (it counts all of them).
const MAX_NAMED: usize = 100;
/// Longest line of a file list, in bytes.
const MAX_LIST_LINE: usize = 64 * 1024;

/// The work queue: the files not taken yet, and how far the printing is.
struct Queue<I> {
    files: I,
    taken: usize,
    printed: usize,
    /// Workers waiting for the printing to catch up.
    waiting: usize,
    stop: bool,
}

struct Shared<I> {
    queue: Mutex<Queue<I>>,
    moved: Condvar,
    window: usize,
    /// Most files a worker takes at once.
    group: usize,
}

impl<I> Shared<I> {
    fn lock(&self) -> MutexGuard<'_, Queue<I>> {
        // A worker that panicked holding the lock left the queue as it was:
        // the stop flag still works.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn stop(&self) {
        self.lock().stop = true;
        self.moved.notify_all();
    }
}

/// Stops every worker when its thread unwinds (a panic in `work` or in
/// `emit`), so that none waits for ever for the printing to move on.
struct StopOnUnwind<'a, I>(&'a Shared<I>);

impl<I> Drop for StopOnUnwind<'_, I> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// The results not printed yet, and where printing is.
struct Printer<T, E> {
    pending: BTreeMap<usize, (PathBuf, T)>,
    next: usize,
    emit: E,
    error: Option<std::io::Error>,
}

/// Runs `work` on every file of `files` on `jobs` threads (the calling
/// thread and `jobs - 1` more) and gives each result to `emit` in the
/// order of `files`: the thread that finishes the next file to print
/// prints it, and any that were waiting for it. Returns `emit`'s first
/// error, after which no file is started. A panic in `work` or in `emit`
/// stops every thread and reaches the caller as that panic.
#[cfg(test)]
pub fn run<I, T, W, E>(files: I, jobs: usize, work: W, emit: E) -> std::io::Result<()>
where
    I: Iterator<Item = PathBuf> + Send,
    T: Send,
    W: Fn(&std::path::Path) -> T + Sync,
    E: FnMut(PathBuf, T) -> std::io::Result<()> + Send,
{
    run_grouped(
        files,
        jobs,
        1,
        |paths: &[PathBuf]| paths.iter().map(|p| work(p)).collect(),
        emit,
    )
}

/// [`run`], a worker taking up to `group` consecutive files at a time and
/// `work` giving one result per file, in order (so that several small
/// files can be audited together, with one signature batch).
pub fn run_grouped<I, T, W, E>(files: I, jobs: usize, group: usize, work: W, emit: E) -> std::io::Result<()>
where
    I: Iterator<Item = PathBuf> + Send,
    T: Send,
    W: Fn(&[PathBuf]) -> Vec<T> + Sync,
    E: FnMut(PathBuf, T) -> std::io::Result<()> + Send,
{
    let jobs = jobs.max(1);
    let group = group.max(1);
    let shared = Shared {
        queue: Mutex::new(Queue {
            files,
            taken: 0,
            printed: 0,
            waiting: 0,
            stop: false,
        }),
        moved: Condvar::new(),
        window: jobs * WINDOW_PER_WORKER.max(2 * group),
        group,
    };
    let printer = Mutex::new(Printer {
        pending: BTreeMap::new(),
        next: 0,
        emit,
        error: None,
    });
    std::thread::scope(|scope| {
        for _ in 1..jobs {
            scope.spawn(|| worker(&shared, &printer, &work));
        }
        worker(&shared, &printer, &work);
    });
    // Every thread has ended without a panic (a panic would have passed
    // through the scope), so the printer's lock is not poisoned.
    match printer.into_inner() {
        Ok(p) => p.error.map_or(Ok(()), Err),
        Err(_) => Err(std::io::Error::other("a worker stopped while printing")),
    }
}

fn worker<I, T, W, E>(shared: &Shared<I>, printer: &Mutex<Printer<T, E>>, work: &W)
where
    I: Iterator<Item = PathBuf>,
    W: Fn(&[PathBuf]) -> Vec<T>,
    E: FnMut(PathBuf, T) -> std::io::Result<()>,
{
    let _guard = StopOnUnwind(shared);
    while let Some((first, paths)) = take(shared) {
        let outs = work(&paths);
        assert_eq!(outs.len(), paths.len(), "one result per file");
        let Ok(mut p) = printer.lock() else {
            // Another thread panicked while printing: it stops the run.
            return;
        };
        for (i, (path, out)) in paths.into_iter().zip(outs).enumerate() {
            p.pending.insert(first + i, (path, out));
        }
        loop {
            let next = p.next;
            let Some((path, out)) = p.pending.remove(&next) else {
                break;
            };
            if let Err(e) = (p.emit)(path, out) {
                p.error = Some(e);
                drop(p);
                shared.stop();
                return;
            }
            p.next += 1;
        }
        let printed = p.next;
        drop(p);
        let mut q = shared.lock();
        // Another thread may have printed further since this one let the
        // printer go: never move back (the window would close for good).
        q.printed = q.printed.max(printed);
        if q.waiting > 0 {
            shared.moved.notify_all();
        }
    }
}

/// The next files for a worker (up to the group size, consecutive: the
/// first's number and the paths), once the printing is near enough; `None`
/// when there are no more or the run stopped.
fn take<I: Iterator<Item = PathBuf>>(shared: &Shared<I>) -> Option<(usize, Vec<PathBuf>)> {
    let mut q = shared.lock();
    loop {
        if q.stop {
            return None;
        }
        if q.taken < q.printed + shared.window {
            break;
        }
        q.waiting += 1;
        q = shared.moved.wait(q).unwrap_or_else(|e| e.into_inner());
        q.waiting -= 1;
    }
    let first = q.taken;
    let mut paths = Vec::with_capacity(shared.group);
    while paths.len() < shared.group && q.taken < q.printed + shared.window {
        let Some(path) = q.files.next() else { break };
        paths.push(path);
        q.taken += 1;
    }
    (!paths.is_empty()).then_some((first, paths))
}

/// The paths of a file list (`--files-from`), one per line, read by a
/// thread of its own so the list can be a pipe that is still being written.
/// An empty line is skipped; a line longer than 64 KiB ends the list with
/// an error naming it.
pub fn list_reader(
    mut input: Box<dyn BufRead + Send>,
) -> (
    impl Iterator<Item = PathBuf> + Send,
    std::thread::JoinHandle<Result<usize, String>>,
) {
    let (tx, rx) = sync_channel::<PathBuf>(256);
    let handle = std::thread::spawn(move || {
        let mut count = 0usize;
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = <&mut Box<dyn BufRead + Send> as std::io::Read>::take(&mut input, MAX_LIST_LINE as u64 + 1)
                .read_until(b'\n', &mut line)
                .map_err(|e| format!("cannot read the file list: {e}"))?;
            if n == 0 {
                return Ok(count);
            }
            if line.last() == Some(&b'\n') {
                line.pop();
            } else if line.len() > MAX_LIST_LINE {
                return Err(format!(
                    "line {} of the file list is longer than {MAX_LIST_LINE} bytes: one path per line",
                    count + 1
                ));
            }
            if line.is_empty() {
                continue;
            }
            count += 1;
            if tx.send(path_of(&line)).is_err() {
                return Ok(count);
            }
        }
    });
    (rx.into_iter(), handle)
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// What a many-file audit found, in totals (SPEC.md section 14.3).
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Files whose every signature verified, audited to a report.
    pub audited: usize,
    /// Audited files with no finding.
    pub valid: usize,
    /// Audited files whose contract completed with no finding.
    pub complete: usize,
    /// Files that could not be verified (a bad signature, an untrusted
    /// card, a malformed or torn transcript, an unreadable file).
    pub unverifiable: usize,
    /// Statements in the audited files.
    pub statements: usize,
    /// Audited files by status.
    pub by_status: BTreeMap<String, usize>,
    /// Findings by rule id, over all audited files.
    pub findings_by_rule: BTreeMap<String, usize>,
    /// The first unverifiable files, with why.
    pub unverifiable_files: Vec<Unverifiable>,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// A file that could not be verified.
#[derive(Debug, Serialize)]
pub struct Unverifiable {
    /// Its name.
    pub file: String,
    /// Why.
    pub error: String,
}

impl Summary {
    /// Counts one audited file.
    pub fn audited(&mut self, r: &Report) {
        self.files += 1;
        self.audited += 1;
        self.valid += usize::from(r.is_valid());
        self.complete += usize::from(r.is_complete());
        self.statements += r.statements;
        let status = serde_json::to_value(r.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("{:?}", r.status));
        *self.by_status.entry(status).or_default() += 1;
        for f in &r.findings {
            *self.findings_by_rule.entry(f.rule.id().to_owned()).or_default() += 1;
        }
    }

    /// Counts one file that could not be verified.
    pub fn failed(&mut self, file: String, error: &str) {
        self.files += 1;
        self.unverifiable += 1;
        if self.unverifiable_files.len() < MAX_NAMED {
            self.unverifiable_files.push(Unverifiable {
                file,
                error: error.to_owned(),
            });
        }
    }

    /// The summary in words, after the last file's section.
    pub fn text(&self) -> String {
        let mut s = format!(
            "== summary\n{} files: {} audited ({} without findings, {} completed), {} unverifiable; {} statements in {:.1} s\n",
            self.files, self.audited, self.valid, self.complete, self.unverifiable, self.statements, self.seconds
        );
        for (status, n) in &self.by_status {
            s.push_str(&format!("  status {status}: {n}\n"));
        }
        for (rule, n) in &self.findings_by_rule {
            s.push_str(&format!("  finding {rule}: {n}\n"));
        }
        for u in &self.unverifiable_files {
            s.push_str(&format!("  unverifiable {}: {}\n", u.file, u.error));
        }
        if self.unverifiable > self.unverifiable_files.len() {
            s.push_str(&format!(
                "  ... and {} more unverifiable files\n",
                self.unverifiable - self.unverifiable_files.len()
            ));
        }
        s
    }
}

/// The progress line on a terminal: files, statements, rate and, when the
/// number of files is known, the time left.
pub struct Progress {
    on: bool,
    total: Option<usize>,
    start: Instant,
    last: Option<Instant>,
}

impl Progress {
    /// A progress line on standard error when `on`.
    pub fn new(on: bool, total: Option<usize>) -> Progress {
        Progress {
            on,
            total,
            start: Instant::now(),
            last: None,
        }
    }

    /// Redraws the line (after the first file, then at most five times a
    /// second).
    pub fn tick(&mut self, s: &Summary) {
        if !self.on || self.last.is_some_and(|t| t.elapsed() < Duration::from_millis(200)) {
            return;
        }
        self.last = Some(Instant::now());
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        let rate = s.statements as f64 / secs;
        let mut line = match self.total {
            Some(t) => format!("audit: {}/{t} files, {} statements, {rate:.0}/s", s.files, s.statements),
            None => format!("audit: {} files, {} statements, {rate:.0}/s", s.files, s.statements),
        };
        if let Some(t) = self.total.filter(|_| s.files > 0) {
            let left = secs / s.files as f64 * t.saturating_sub(s.files) as f64;
            line.push_str(&format!(", {left:.0} s left"));
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
    }

    /// Clears the line.
    pub fn done(&self) {
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }

    /// Seconds since the start.
    pub fn seconds(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn groups_of_consecutive_files_come_back_in_file_order() {
        for group in [1, 3, 8, 13] {
            for jobs in [1, 2, 3] {
                let files = paths(500);
                let mut got = Vec::new();
                run_grouped(
                    files.clone().into_iter(),
                    jobs,
                    group,
                    |ps: &[PathBuf]| {
                        assert!(!ps.is_empty() && ps.len() <= group);
                        // Consecutive: each path is the one after the last.
                        for w in ps.windows(2) {
                            let (a, b): (usize, usize) = (
                                w[0].to_str().unwrap().parse().unwrap(),
                                w[1].to_str().unwrap().parse().unwrap(),
                            );
                            assert_eq!(a + 1, b);
                        }
                        ps.to_vec()
                    },
                    |p, out| {
                        assert_eq!(p, out);
                        got.push(p);
                        Ok(())
                    },
                )
                .unwrap();
                assert_eq!(got, files, "group {group}, jobs {jobs}");
            }
        }
    }

    fn paths(n: usize) -> Vec<PathBuf> {
        (0..n).map(|i| PathBuf::from(format!("{i:05}"))).collect()
    }

    #[test]
    fn results_come_back_in_file_order_whatever_the_finishing_order() {
        for jobs in [1, 2, 4] {
            let mut seen = Vec::new();
            run(
                paths(200).into_iter(),
                jobs,
                |p| {
                    let n: u64 = p.to_str().unwrap().parse().unwrap();
                    std::thread::sleep(Duration::from_micros((n * 7919) % 300));
                    n
                },
                |_, n| {
                    seen.push(n);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..200).collect::<Vec<u64>>(), "jobs {jobs}");
        }
    }

    #[test]
    fn many_quick_files_on_several_threads_never_stall_the_window() {
        // Threads that print in turn must never move the printed mark
        // back: the window would close with every worker waiting.
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for round in 0..40 {
                let mut n = 0;
                run(
                    paths(2_000).into_iter(),
                    2 + round % 3,
                    |_| (),
                    |_, ()| {
                        n += 1;
                        Ok(())
                    },
                )
                .unwrap();
                assert_eq!(n, 2_000);
            }
            let _ = done_tx.send(());
        });
        done_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the run stalls: every worker waits for the window");
    }

    #[test]
    fn a_panic_in_a_worker_or_in_the_printer_reaches_the_caller_and_nothing_hangs() {
        for jobs in [1, 2, 4] {
            for in_printer in [false, true] {
                let (done_tx, done_rx) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    let r = std::panic::catch_unwind(|| {
                        run(
                            paths(500).into_iter(),
                            jobs,
                            |p| {
                                if !in_printer && p == Path::new("00100") {
                                    panic!("worker");
                                }
                            },
                            |p, ()| {
                                if in_printer && p == Path::new("00050") {
                                    panic!("printer");
                                }
                                Ok(())
                            },
                        )
                    });
                    let _ = done_tx.send(r.is_err());
                });
                let panicked = done_rx
                    .recv_timeout(Duration::from_secs(20))
                    .unwrap_or_else(|_| panic!("hangs: jobs {jobs}, panic in the printer: {in_printer}"));
                assert!(panicked, "the panic is lost: jobs {jobs}, in the printer: {in_printer}");
            }
        }
    }

    #[test]
    fn an_output_error_stops_the_workers() {
        let taken = std::sync::atomic::AtomicUsize::new(0);
        let r = run(
            paths(10_000).into_iter(),
            2,
            |_| {
                taken.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            },
            |p, ()| {
                if p == Path::new("00010") {
                    return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
                }
                Ok(())
            },
        );
        assert_eq!(r.unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
        let n = taken.load(std::sync::atomic::Ordering::Relaxed);
        assert!(
            n <= 11 + 2 * WINDOW_PER_WORKER,
            "{n} files audited after the output closed"
        );
    }

    #[test]
    fn a_file_list_skips_empty_lines_and_refuses_an_endless_line() {
        let list = b"a.ect\n\nb c.ect\nlast.ect".to_vec();
        let (it, h) = list_reader(Box::new(std::io::Cursor::new(list)));
        let got: Vec<PathBuf> = it.collect();
        assert_eq!(got, ["a.ect", "b c.ect", "last.ect"].map(PathBuf::from));
        assert_eq!(h.join().unwrap(), Ok(3));
        let long = vec![b'x'; MAX_LIST_LINE + 10];
        let (it, h) = list_reader(Box::new(std::io::Cursor::new(long)));
        assert_eq!(it.count(), 0);
        assert!(h.join().unwrap().unwrap_err().contains("longer than"));
    }
}
