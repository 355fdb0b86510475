using System;
using System.IO;
using System.Linq;
using System.Threading;
using Netmap.Interop.Tests.UserSpace.Linux;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Sdk.Tests;

/// <summary>
/// Host-stack pass-through on a real interface: a veth with 2 queues, one worker per ring pair (a0-i + a0^i with
/// host-rings=2), every packet from the wire to the kernel and everything the kernel sends to the wire. The
/// peer's ping and TCP must work as if the program were not there.
/// </summary>
public sealed class HostPassThroughTests(ITestOutputHelper output)
{
    [Fact]
    public void Ping_and_tcp_work_through_two_workers_passing_everything_to_the_host()
    {
        using var lab = new VethLab(queues: 2);
        using var ready = new ManualResetEventSlim();
        using var stop = new ManualResetEventSlim();
        int pairs = 0;
        var runner = new Background<TrafficSnapshot[]>(() => Namespaces.Run(lab.NsA, () =>
        {
            using PortTopology topology = PortTopology.Open("netmap:a0", hostRings: true);
            pairs = topology.Rings.Count;
            var workers = topology.Rings.Select(r => new PacketWorker<ConstantProcessor>(r, new ConstantProcessor(Verdict.ToHost))).ToList();
            try
            {
                // Threads started here inherit this thread's network namespace.
                using (NetmapWorkerGroup.Start(workers, new WorkerGroupOptions { PollTimeoutMilliseconds = 20 }))
                {
                    ready.Set();
                    stop.Wait(TimeSpan.FromSeconds(40));
                }

                return workers.Select(w => w.Counters.Snapshot()).ToArray();
            }
            finally
            {
                workers.ForEach(w => w.Dispose());
            }
        }, timeoutMs: 60000));

        try
        {
            Assert.True(ready.Wait(TimeSpan.FromSeconds(20)), "the workers did not start");
            Assert.Equal(2, pairs);
            Assert.True(lab.PingFromB(), "ping through the pass-through failed");

            string dir = Path.Combine(Path.GetTempPath(), "nmsdk-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            try
            {
                byte[] data = new byte[2 * 1024 * 1024];
                new Random(5).NextBytes(data);
                File.WriteAllBytes(Path.Combine(dir, "in"), data);
                var listener = new Background<string>(() => lab.InA($"timeout 15 nc -l 7002 > {dir}/out"));
                Thread.Sleep(500);
                lab.InB($"timeout 12 nc -N {VethLab.AddrA} 7002 < {dir}/in");
                listener.Join();
                Assert.Equal(data, File.ReadAllBytes(Path.Combine(dir, "out")));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        finally
        {
            stop.Set();
        }

        TrafficSnapshot[] counters = runner.Join(60000);
        foreach (TrafficSnapshot s in counters)
        {
            output.WriteLine($"ring: received {s.Received} to host {s.ToHost} unsendable {s.Unsendable}; host received {s.HostReceived} to wire {s.HostToWire}");
            Assert.True(s.IsBalanced);
        }

        Assert.True(counters.Sum(s => s.ToHost) > 0 && counters.Sum(s => s.HostToWire) > 0);
        Assert.Equal(counters.Sum(s => s.Received), counters.Sum(s => s.ToHost + s.Unsendable + s.Queued));
        Assert.True(lab.PingFromB(), "the stack must work again after the workers closed the port");
    }
}
