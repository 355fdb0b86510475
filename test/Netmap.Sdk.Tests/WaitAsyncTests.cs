using System;
using System.Threading;
using System.Threading.Tasks;
using Netmap.Interop;
using Xunit;

namespace Netmap.Sdk.Tests;

public sealed class WaitAsyncTests
{
    [Fact]
    public async Task WaitAsync_completes_when_the_peer_sends()
    {
        using var pipe = new PipePair();
        Task<PollEvents> wait = pipe.Slave.WaitAsync(PollEvents.In);
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);
        Assert.True(pipe.Master.TxRing(0).TryTransmit(new byte[60]));
        pipe.Master.TxSync();
        PollEvents ready = await wait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ready.HasFlag(PollEvents.In));
        Assert.Equal(1u, pipe.Slave.RxRing(0).Available);
    }

    [Fact]
    public async Task WaitAsync_is_cancellable()
    {
        using var pipe = new PipePair();
        using var cts = new CancellationTokenSource();
        Task<PollEvents> wait = pipe.Slave.WaitAsync(PollEvents.In, cts.Token);
        await Task.Delay(50);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitAsync_for_room_returns_at_once_on_an_empty_tx_ring()
    {
        using var pipe = new PipePair();
        PollEvents ready = await pipe.Master.WaitAsync(PollEvents.Out).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ready.HasFlag(PollEvents.Out));
    }
}
