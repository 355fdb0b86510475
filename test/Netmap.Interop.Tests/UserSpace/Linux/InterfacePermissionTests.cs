using System;
using System.Diagnostics;
using Netmap.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>
/// REGISTER on an interface without the capabilities it needs: a child process (this assembly in the "register"
/// role) started by <c>setpriv</c> (util-linux) with capabilities removed from its bounding set, inside the lab's
/// namespace. As root the child's effective set after exec is the bounding set, so it really lacks them.
/// </summary>
public sealed class InterfacePermissionTests
{
    private readonly ITestOutputHelper _out;

    public InterfacePermissionTests(ITestOutputHelper output) => _out = output;

    [Theory]
    [InlineData("-net_admin", "CAP_NET_ADMIN")]
    [InlineData("-net_raw", "CAP_NET_RAW")]
    [InlineData("-bpf,-sys_admin", "CAP_BPF")]
    [InlineData("-net_admin,-net_raw,-bpf,-sys_admin", "CAP_NET_ADMIN, CAP_NET_RAW, CAP_BPF")]
    public void Register_without_a_capability_is_EPERM_naming_it_and_installs_nothing(string drop, string named)
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        string before = HostRingTests.Snapshot(lab);
        string[] setpriv = ["setpriv", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=" + drop, "--"];
        using Process child = Namespaces.Run(lab.NsA, () => PeerProcess.Start("register", rv.Path, VethLab.A, 0, wrapper: setpriv));
        string output = child.StandardOutput.ReadToEnd(); // the child writes little to stderr: no deadlock
        string errors = child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(30_000), "the child did not finish");
        _out.WriteLine(output + errors);
        Assert.Equal(0, child.ExitCode);
        Assert.Contains($"errno {Errno.EPERM}", output, StringComparison.Ordinal);
        Assert.Contains($"interface 'a0' needs {named} (", output, StringComparison.Ordinal);
        foreach (string cap in new[] { "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_BPF" })
        {
            if (!named.Contains(cap, StringComparison.Ordinal))
            {
                Assert.DoesNotContain(cap, output, StringComparison.Ordinal);
            }
        }

        HostRingTests.AssertRestored(lab, before);
        Assert.DoesNotContain("clsact", lab.InA("tc qdisc show dev a0"), StringComparison.Ordinal);
        Assert.DoesNotContain("xdp", lab.InA("ip -d link show dev a0"), StringComparison.Ordinal);
        Assert.DoesNotContain("nmus-", lab.InA("ip -o link show"), StringComparison.Ordinal);

        // The same port opens with every capability (the root test process): the refusal was the capabilities'.
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
        });
        HostRingTests.AssertRestored(lab, before);
    }
}
