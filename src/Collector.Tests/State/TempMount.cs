using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Collector.Tests.State;

/// <summary>
/// A fact that needs real mounts (a small tmpfs for a full disk, a read-only bind mount): Linux, as root, where
/// <c>mount</c> is permitted (a container without CAP_SYS_ADMIN is not). Elsewhere the run lists it as skipped with the reason.
/// </summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (TempMount.Unavailable is { } reason)
            Skip = reason;
    }
}

/// <summary>
/// A filesystem mounted for one test and unmounted on dispose: a tmpfs of a given size (a disk that fills up) or a bind
/// mount of a folder that can be switched read-only and back. The state tests use these rather than simulating a full
/// or read-only disk, because SQLite and the kernel then say exactly what they say in production (root ignores file
/// permissions, so <c>chmod</c> would not make a file read-only for the tests).
/// </summary>
public sealed class TempMount : IDisposable
{
    static readonly Lazy<string?> Probe = new(ProbeMount);
    readonly string? _source;

    TempMount(string path, string? source)
    {
        Path = path;
        _source = source;
    }

    /// <summary>Null when mounts work here; else why the tests that need them are skipped.</summary>
    public static string? Unavailable => Probe.Value;

    /// <summary>Where the filesystem is mounted.</summary>
    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A tmpfs of <paramref name="kilobytes"/> KiB: writes past it fail with ENOSPC, as on a full disk.</summary>
    public static TempMount Tmpfs(int kilobytes)
    {
        var path = Directory.CreateTempSubdirectory("collector-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", path);
        return new TempMount(path, null);
    }

    /// <summary>A bind mount of a new empty folder, read-write until <see cref="MakeReadOnly"/>.</summary>
    public static TempMount Bind()
    {
        var source = Directory.CreateTempSubdirectory("collector-bind-src-").FullName;
        var path = Directory.CreateTempSubdirectory("collector-bind-").FullName;
        Run("mount", "--bind", source, path);
        return new TempMount(path, source);
    }

    /// <summary>Remounts the bind mount read-only: opening a file there for writing fails with EROFS, as on a read-only volume.</summary>
    public void MakeReadOnly() => Run("mount", "-o", "remount,bind,ro", Path);

    public void MakeWritable() => Run("mount", "-o", "remount,bind,rw", Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();   // pooled connections hold the files open; the mount would be busy
        if (!TryRun("umount", Path))
            TryRun("umount", "-l", Path);
        foreach (var folder in new[] { Path, _source })
        {
            try
            {
                if (folder is not null) Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // still busy; the temp folder is cleaned eventually
            }
        }
    }

    static string? ProbeMount()
    {
        if (!OperatingSystem.IsLinux())
            return "The full- and read-only-disk state tests need Linux mounts (tmpfs, bind mounts); this is not Linux.";
        var path = Directory.CreateTempSubdirectory("collector-mount-probe-").FullName;
        try
        {
            if (!TryRun("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", path))
                return "The full- and read-only-disk state tests mount a small tmpfs and a read-only bind mount, and mounting is not permitted " +
                       "here (they need root with CAP_SYS_ADMIN, e.g. CI's machine; not an unprivileged container).";
            TryRun("umount", path);
            return null;
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    static void Run(string program, params string[] args)
    {
        if (!TryRun(program, args, out var error))
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {error}");
    }

    static bool TryRun(string program, params string[] args) => TryRun(program, args, out _);

    static bool TryRun(string program, string[] args, out string error)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error = e.Message;
            return false;
        }
    }
}
