using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Netmap.Sdk;

/// <summary>
/// Runs workers on dedicated threads (one ring pair each, optionally pinned to a CPU), waits in poll() with
/// batching, and stops gracefully: each worker drains what it already received and flushes its TX rings.
/// </summary>
public sealed class NetmapWorkerGroup : IAsyncDisposable, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _threads;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Exception> _failures = new();
    private int _running;

    private NetmapWorkerGroup(IReadOnlyList<Action<CancellationToken>> runs, WorkerGroupOptions options)
    {
        options.Validate();
        _running = runs.Count;
        _threads = new Thread[runs.Count];
        for (int i = 0; i < runs.Count; i++)
        {
            int index = i;
            int? cpu = options.Cpus is { } cpus && index < cpus.Count ? cpus[index] : null;
            _threads[i] = new Thread(() => RunWorker(runs[index], cpu))
            {
                IsBackground = true,
                Name = options.ThreadNamePrefix + index,
            };
        }

        if (runs.Count == 0)
        {
            _completion.SetResult();
        }
    }

    /// <summary>Number of worker threads.</summary>
    public int Count => _threads.Length;

    /// <summary>Starts one thread per worker.</summary>
    public static NetmapWorkerGroup Start<TProcessor>(IEnumerable<PacketWorker<TProcessor>> workers, WorkerGroupOptions? options = null)
        where TProcessor : IPacketProcessor
    {
        options ??= new WorkerGroupOptions();
        int timeout = options.PollTimeoutMilliseconds;
        var runs = workers.Select(w => (Action<CancellationToken>)(token => w.Run(token, timeout))).ToList();
        var group = new NetmapWorkerGroup(runs, options);
        foreach (Thread thread in group._threads)
        {
            thread.Start();
        }

        return group;
    }

    /// <summary>Completes when every worker has stopped; faults with the workers' exceptions if any failed.</summary>
    /// <param name="cancellationToken">Stops waiting (not the workers).</param>
    public Task WaitAsync(CancellationToken cancellationToken = default) => _completion.Task.WaitAsync(cancellationToken);

    /// <summary>Asks every worker to stop after draining; returns when they have.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the workers and waits for them.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        foreach (Thread thread in _threads)
        {
            if (thread.IsAlive)
            {
                thread.Join();
            }
        }

        _stop.Dispose();
    }

    /// <summary>Stops the workers and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (AggregateException)
        {
            // Failures were already reported through WaitAsync; disposal only has to stop the threads.
        }

        _stop.Dispose();
    }

    private void RunWorker(Action<CancellationToken> run, int? cpu)
    {
        try
        {
            if (cpu is int c)
            {
                CpuAffinity.PinCurrentThread(c);
            }

            run(_stop.Token);
        }
        catch (Exception e)
        {
            lock (_failures)
            {
                _failures.Add(e);
            }

            // One failed worker stops the group: its rings would otherwise fill and stall silently.
            _stop.Cancel();
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                lock (_failures)
                {
                    if (_failures.Count > 0)
                    {
                        _completion.TrySetException(new AggregateException("a netmap worker failed", _failures));
                    }
                    else
                    {
                        _completion.TrySetResult();
                    }
                }
            }
        }
    }
}
