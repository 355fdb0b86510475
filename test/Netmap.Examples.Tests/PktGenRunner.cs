using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Netmap.Interop.Tests.UserSpace.Linux;
using Netmap.PktGen;

namespace Netmap.Examples.Tests;

/// <summary>netmap-pkt-gen run in this process on its own thread, stopped through its token (the Ctrl+C path).</summary>
internal sealed class InProcessPktGen : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly TextWriter _syncOut;
    private readonly TextWriter _syncErr;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _exitCode = -1;

    private InProcessPktGen(string[] args)
    {
        _syncOut = TextWriter.Synchronized(_out);
        _syncErr = TextWriter.Synchronized(_err);
        _thread = new Thread(() => _exitCode = PktGenApp.Run(args, _syncOut, _syncErr, _stop.Token))
        {
            IsBackground = true,
            Name = "netmap-pkt-gen",
        };
        _thread.Start();
    }

    public string Stderr
    {
        get
        {
            lock (_syncErr)
            {
                return _err.ToString();
            }
        }
    }

    public string Stdout
    {
        get
        {
            lock (_syncOut)
            {
                return _out.ToString();
            }
        }
    }

    public bool HasExited => !_thread.IsAlive;

    public int ExitCode => _exitCode;

    public static InProcessPktGen Start(params string[] args) => new(args);

    /// <summary>Runs to completion (arguments that make it exit on their own).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunToEnd(TimeSpan timeout, params string[] args)
    {
        using var app = new InProcessPktGen(args);
        if (!app.WaitExit(timeout))
        {
            throw new TimeoutException($"netmap-pkt-gen {string.Join(' ', args)} did not exit:\n{app.Stderr}");
        }

        return (app._exitCode, app.Stdout, app.Stderr);
    }

    /// <summary>Waits until stderr contains <paramref name="text"/> (e.g. the worker's "reading from").</summary>
    public bool WaitFor(string text, TimeSpan timeout) =>
        InProcessBridge.Wait(() => Stderr.Contains(text, StringComparison.Ordinal) || HasExited, timeout) && !HasExited;

    public bool WaitExit(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>Stops it as Ctrl+C would and returns its exit code.</summary>
    public int Stop()
    {
        _stop.Cancel();
        if (!_thread.Join(TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException("netmap-pkt-gen did not stop:\n" + Stderr);
        }

        return _exitCode;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(20));
        _stop.Dispose();
    }
}

/// <summary>netmap-pkt-gen as its own process (e.g. inside a network namespace), with its own rendezvous directory.</summary>
internal sealed class PktGenProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private PktGenProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_out, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_err, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout => Read(_out);

    public string Stderr => Read(_err);

    /// <summary>Starts the dll built next to the tests with the same dotnet host, through <c>ip netns exec</c> when <paramref name="netns"/> is set.</summary>
    public static PktGenProcess Start(string? netns, string? userSpaceDir, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "netmap-pkt-gen.dll");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(netns is null ? dotnet : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            foreach (string a in (string[])["netns", "exec", netns, dotnet])
            {
                psi.ArgumentList.Add(a);
            }
        }

        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (userSpaceDir is not null)
        {
            psi.Environment["NETMAP_USERSPACE_DIR"] = userSpaceDir;
        }

        return new PktGenProcess(Process.Start(psi)!);
    }

    /// <summary>Waits for the exit code (-1 on time-out).</summary>
    public int WaitExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return -1;
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Signal(string signal) => Sh.Run($"kill -{signal} {_process.Id}", out _);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Append(StringWriter w, string? line)
    {
        if (line is not null)
        {
            lock (w)
            {
                w.WriteLine(line);
            }
        }
    }

    private static string Read(StringWriter w)
    {
        lock (w)
        {
            return w.ToString();
        }
    }
}
