namespace Leuka.Cli;

/// <summary>
/// A run's output files written as a unit: checked writable before the run, written to a temporary
/// folder beside the target and swapped into place, under a lock so two runs cannot mix their
/// files. A run killed at any moment leaves the previous complete set (restored by the next run if
/// the kill fell between the two renames) or the new complete set, never a mix.
/// </summary>
internal sealed class OutputSet : IDisposable
{
    private readonly FileStream _lock;

    private OutputSet(string directory, FileStream lockFile)
    {
        Directory = directory;
        _lock = lockFile;
    }

    public string Directory { get; }

    /// <summary>Takes the directory for this run, or says why it cannot (null set, message).</summary>
    public static (OutputSet? Set, string? Error) Open(string directory)
    {
        var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        FileStream? lockFile = null;
        try
        {
            var parent = Path.GetDirectoryName(full)!;
            System.IO.Directory.CreateDirectory(parent);

            // The operating system releases the lock when the process ends, however it ends.
            lockFile = new FileStream(full + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            Recover(full);

            // The target itself is made only by the final rename, so a run stopped before it
            // leaves nothing behind; the probe proves the parent takes the rename.
            if (File.Exists(full))
            {
                throw new IOException($"\"{full}\" is a file, not a directory");
            }

            var probe = Path.Combine(parent, $".{Path.GetFileName(full)}.probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return (new OutputSet(full, lockFile), null);
        }
        // The lock is held by another run: EWOULDBLOCK (11) on Unix, ERROR_SHARING_VIOLATION (32) on Windows.
        catch (IOException e) when (lockFile is null && File.Exists(full + ".lock") && (e.HResult & 0xFFFF) is 11 or 32)
        {
            return (null, $"another run is writing to \"{directory}\" ({e.Message}); wait for it or give another --out");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            lockFile?.Dispose();
            return (null, $"cannot write to \"{directory}\" ({e.Message}); give a writable directory");
        }
    }

    /// <summary>Writes the files as one set.</summary>
    public void Write(IReadOnlyList<(string Name, string Content)> files)
    {
        var temporary = $"{Directory}.tmp-{Environment.ProcessId}";
        if (System.IO.Directory.Exists(temporary))
        {
            System.IO.Directory.Delete(temporary, true);
        }

        System.IO.Directory.CreateDirectory(temporary);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(temporary, name), content);
        }

        var previous = $"{Directory}.old-{Environment.ProcessId}";
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Move(Directory, previous);
        }

        System.IO.Directory.Move(temporary, Directory);
        if (System.IO.Directory.Exists(previous))
        {
            System.IO.Directory.Delete(previous, true);
        }
    }

    public void Dispose() => _lock.Dispose();

    // A run killed between its two renames left the previous set aside: put it back. Temporary
    // folders of killed runs are removed.
    private static void Recover(string full)
    {
        var parent = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        foreach (var old in System.IO.Directory.GetDirectories(parent, name + ".old-*"))
        {
            if (!System.IO.Directory.Exists(full))
            {
                System.IO.Directory.Move(old, full);
            }
            else
            {
                System.IO.Directory.Delete(old, true);
            }
        }

        foreach (var temporary in System.IO.Directory.GetDirectories(parent, name + ".tmp-*"))
        {
            System.IO.Directory.Delete(temporary, true);
        }
    }
}
