using System;
using System.IO;
using Netmap.Interop.UserSpace;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>NETMAP_USERSPACE_DIR: the rendezvous directory of the process-wide user-space backend.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UserSpaceDirectoryVariableTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Unset_or_empty_keeps_the_default_directory(string? value)
    {
        Assert.Equal("NETMAP_USERSPACE_DIR", NetmapBackends.UserSpaceDirectoryVariable);
        Assert.Equal(UserSpaceNetmapOptions.DefaultRendezvousDirectory, NetmapBackends.UserSpaceOptions(value).RendezvousDirectory);
    }

    [Fact]
    public void The_process_wide_backend_of_a_process_started_with_the_variable_uses_that_directory()
    {
        string dir = Path.Combine("/dev/shm", "netmap-env-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            using System.Diagnostics.Process peer = PeerProcess.Start("envdir", dir, RendezvousDirectory.UniqueParent() + "{1", 0, userSpaceDir: dir);
            Assert.True(peer.WaitForExit(60_000), "the peer did not finish");
            Assert.True(peer.ExitCode == 0, $"peer exit code {peer.ExitCode}: {peer.StandardError.ReadToEnd()}");
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void A_set_value_is_the_directory_the_backend_keeps_its_files_in()
    {
        string dir = Path.Combine("/dev/shm", "netmap-env-" + Guid.NewGuid().ToString("N")[..12]);
        UserSpaceNetmapOptions options = NetmapBackends.UserSpaceOptions(dir);
        Assert.Equal(dir, options.RendezvousDirectory);
        try
        {
            using var backend = new UserSpaceNetmapBackend(options);
            using (UsPort m = UsPort.Open(backend, RendezvousDirectory.UniqueParent() + "{1"))
            {
                Assert.True(File.Exists(Path.Combine(dir, $"mem{m.Reply.MemId}.region")));
            }
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
