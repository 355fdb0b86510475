using System.Threading;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>One of the four single-producer single-consumer rings an AF_XDP socket shares with the kernel.</summary>
internal unsafe struct XskRing
{
    public uint* Producer;
    public uint* Consumer;
    public byte* Descs;
    public uint Mask;
    public void* Map;
    public nuint MapLength;

    public readonly uint Size => Mask + 1;

    public readonly uint ReadProducer() => Volatile.Read(ref *Producer);

    public readonly uint ReadConsumer() => Volatile.Read(ref *Consumer);

    public readonly void PublishProducer(uint value) => Volatile.Write(ref *Producer, value);

    public readonly void PublishConsumer(uint value) => Volatile.Write(ref *Consumer, value);
}
