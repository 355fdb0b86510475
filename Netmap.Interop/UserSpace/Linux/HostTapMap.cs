using System;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// Host ring → ifindex of the capture TAP of the process that binds that host RX ring (0: nobody), one per
/// interface, shared by id like the XDP steal so every process's <see cref="EgressSteer"/> finds the host ring's
/// reader whichever process it is. A killed reader's TAP vanishes with it; redirects to it are then dropped, as
/// frames on an unread host ring are.
/// </summary>
internal sealed class HostTapMap : IDisposable
{
    private HostTapMap(int fd, uint id)
    {
        Fd = fd;
        Id = id;
    }

    public int Fd { get; private set; }

    public uint Id { get; }

    /// <summary>
    /// Joins map <paramref name="id"/> (the interface's, made by a live process whose steal this process joined), or
    /// with id 0 creates one. A map that is gone or is not the interface's TAP map is an error, never replaced:
    /// the other processes' egress programs would go on reading the old one.
    /// </summary>
    public static int CreateOrJoin(uint id, uint hostRings, out HostTapMap? map, out string? why)
    {
        map = null;
        why = null;
        if (id != 0)
        {
            int joined = BpfSys.MapById(id);
            if (joined < 0)
            {
                int e = LinuxSys.LastError;
                why = $"the interface's host-ring TAP map (BPF map {id}) cannot be opened: bpf(BPF_MAP_GET_FD_BY_ID): {Errno.Name(e)}";
                return e;
            }

            // bpf_map_info: type, id, key_size, value_size, max_entries.
            Span<uint> info = stackalloc uint[5];
            if (!BpfSys.Info(joined, info) || info[0] != BpfSys.MapTypeArray || info[2] != 4 || info[3] != 4 || info[4] != Math.Max(hostRings, 1))
            {
                LinuxSys.Close(joined);
                why = $"BPF map {id} is no longer the interface's host-ring TAP map";
                return Errno.ENOENT;
            }

            map = new HostTapMap(joined, id);
            return 0;
        }

        int fd = BpfSys.MapCreate(BpfSys.MapTypeArray, hostRings, "nmus_taps");
        if (fd < 0)
        {
            int e = LinuxSys.LastError;
            why = $"bpf(BPF_MAP_CREATE, ARRAY): {Errno.Name(e)}";
            return e;
        }

        map = new HostTapMap(fd, BpfSys.Id(fd));
        return 0;
    }

    /// <summary>Host ring <paramref name="hostRing"/> is read through TAP <paramref name="ifindex"/> (0: by nobody).</summary>
    public void Set(uint hostRing, uint ifindex) => BpfSys.MapUpdate(Fd, hostRing, ifindex);

    public void Dispose()
    {
        if (Fd >= 0)
        {
            LinuxSys.Close(Fd);
            Fd = -1;
        }
    }
}
