/**
 * What the devnet needs to know about other processes on this machine, to say who is in its way:
 * whether a PID is (still) the process that wrote a lock file, and which process listens on a
 * TCP port. Read from Linux's /proc (`proc(5)`: /proc/<pid>/stat field 22 is the start time in
 * clock ticks since boot; /proc/net/tcp{,6} list sockets with their state and inode; a process's
 * /proc/<pid>/fd/* links to `socket:[inode]`); elsewhere, or for processes this user may not
 * inspect, the answers are "unknown" and the messages say less.
 * @module
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Whether a process with this PID exists (one of another user counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's start time (clock ticks since boot, from /proc/<pid>/stat), to tell it from a later process with its PID. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** The process's command line, as one string (null when it cannot be read). */
export function processCommand(pid: number): string | null {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return command === '' ? null : command;
  } catch {
    return null;
  }
}

/** The inodes of the sockets listening on `port` (any address), from /proc/net/tcp and tcp6. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      const local = columns[1];
      // State 0A is TCP_LISTEN; the local address is <hex address>:<hex port>.
      if (local === undefined || columns[3] !== '0A') continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && columns[9] !== undefined) inodes.add(columns[9]);
    }
  }
  return inodes;
}

/** The process listening on `port`, when /proc tells. */
export function portHolder(port: number): { readonly pid: number; readonly command: string | null } | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^[0-9]+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const match = /^socket:\[([0-9]+)\]$/.exec(target);
      if (match !== null && inodes.has(match[1] as string)) return { pid: Number(pid), command: processCommand(Number(pid)) };
    }
  }
  return null;
}
