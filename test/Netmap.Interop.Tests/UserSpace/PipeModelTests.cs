using FsCheck.Xunit;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>
/// Random user programs on both ends of a pipe, checked step by step against <see cref="PipeModel"/>: ring
/// indexes as the kernel's rules predict, packets in order with their bytes, every buffer owned exactly once.
/// </summary>
public sealed class PipeModelTests : IClassFixture<RendezvousDirectory>
{
    private readonly RendezvousDirectory _dir;

    public PipeModelTests(RendezvousDirectory dir) => _dir = dir;

    [Property(MaxTest = 80)]
    public void Random_operations_on_both_pipe_ends_follow_the_model(int[] program)
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort master = UsPort.Open(_dir.Backend, parent + "{1", (ref NmReqRegister q) =>
        {
            q.TxSlots = 8;
            q.RxSlots = 8;
            q.ExtraBufs = 3;
        });
        using UsPort slave = UsPort.Open(_dir.Backend, parent + "}1", (ref NmReqRegister q) => q.ExtraBufs = 3);
        var model = new PipeModel(master, slave, 8);
        foreach (int step in program)
        {
            model.Step(step);
        }
    }

    [Theory]
    [InlineData(1234)]
    [InlineData(7)]
    [InlineData(99)]
    [InlineData(2026)]
    public void Long_seeded_programs_follow_the_model(int seed)
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort master = UsPort.Open(_dir.Backend, parent + "{1", (ref NmReqRegister q) =>
        {
            q.TxSlots = 8;
            q.RxSlots = 8;
            q.ExtraBufs = 3;
        });
        using UsPort slave = UsPort.Open(_dir.Backend, parent + "}1", (ref NmReqRegister q) => q.ExtraBufs = 3);
        var model = new PipeModel(master, slave, 8);
        var random = new System.Random(seed);
        for (int i = 0; i < 20000; i++)
        {
            model.Step(random.Next());
        }
    }
}
