using System.Runtime.InteropServices;

namespace Netmap.Interop.UserSpace.State;

/// <summary>
/// One registered handle (netmap's <c>netmap_priv_d</c>): its owner process, its netmap_if and ring range. The owner
/// pid lets any process recognise and release the bindings of a process that died.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BindingState
{
    public int InUse;
    public int Pid;
    public long Seq;
    public int Port;
    public int Exclusive;
    public ulong NifpOffset;
    public uint TxFirst;
    public uint TxLast;
    public uint RxFirst;
    public uint RxLast;
    public ulong Flags;
    public ulong PidStart;
}
