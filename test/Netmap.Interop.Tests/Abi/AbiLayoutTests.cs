using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xunit;

namespace Netmap.Interop.Tests.Abi;

/// <summary>
/// Every struct, field and constant Netmap.Interop mirrors is checked against abi.txt (the Tmds.LibC approach):
/// the managed side names its C counterpart with [NativeName], and nothing is trusted that a compiler did not print.
/// </summary>
public sealed class AbiLayoutTests
{
    private static readonly AbiFacts Facts = AbiFacts.Instance;
    private static readonly Assembly Interop = typeof(NetmapSlot).Assembly;

    public static TheoryData<string> MirroredStructs()
    {
        var data = new TheoryData<string>();
        foreach (Type type in Interop.GetTypes().Where(t => t.IsValueType && NativeName(t) is not null))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void Interop_mirrors_the_structs_the_sdk_needs()
    {
        string[] required =
        [
            "netmap_slot", "netmap_ring", "netmap_if", "nmreq_header", "nmreq_register", "nmreq_port_info_get",
            "nmreq_option",
        ];
        string[] mirrored = Interop.GetTypes().Select(NativeName).OfType<string>().ToArray();
        Assert.Empty(required.Except(mirrored));
    }

    [Theory]
    [MemberData(nameof(MirroredStructs))]
    public void Struct_size_and_every_field_offset_and_size_match_abi_txt(string typeName)
    {
        Type type = Interop.GetType(typeName, throwOnError: true)!;
        string c = NativeName(type)!;
        Assert.Equal(Facts.Number($"sizeof.{c}"), SizeOf(type));
        CheckFields(type, c, prefix: c, baseOffset: 0);
    }

    [Theory]
    [MemberData(nameof(MirroredStructs))]
    public void Every_field_abi_txt_lists_for_a_mirrored_struct_is_mirrored(string typeName)
    {
        Type type = Interop.GetType(typeName, throwOnError: true)!;
        string c = NativeName(type)!;
        var mirrored = new HashSet<string>(type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(f => f.GetCustomAttributes().FirstOrDefault(a => a.GetType().Name == "NativeNameAttribute"))
            .OfType<Attribute>()
            .Select(a => (string)a.GetType().GetProperty("Name")!.GetValue(a)!)
            .Select(n => n.Split('.')[0]));
        var missing = Facts.Names
            .Where(n => n.StartsWith(c + ".", StringComparison.Ordinal) && n.EndsWith(".offset", StringComparison.Ordinal))
            .Select(n => n[(c.Length + 1)..^".offset".Length])
            .Where(f => !f.Contains('.', StringComparison.Ordinal) && !f.Contains('[', StringComparison.Ordinal))
            .Where(f => !f.StartsWith("pad", StringComparison.Ordinal))
            .Where(f => !IsFlexibleArray(c, f))
            .Where(f => !mirrored.Contains(f))
            .ToList();
        Assert.True(missing.Count == 0, $"{c} fields in abi.txt not mirrored by {type.Name}: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_slot_array_starts_256_bytes_into_a_ring()
    {
        Assert.Equal(Facts.Number("netmap_ring.slot.offset"), Unsafe.SizeOf<NetmapRingHeader>());
        Assert.Equal(Facts.Number("netmap_ring.slot.elem_size"), Unsafe.SizeOf<NetmapSlot>());
        Assert.Equal(256, Unsafe.SizeOf<NetmapRingHeader>());
    }

    [Fact]
    public void Ring_offsets_follow_the_netmap_if_as_signed_64_bit_values()
    {
        Assert.Equal(Facts.Number("netmap_if.ring_ofs.offset"), Unsafe.SizeOf<NetmapIfHeader>());
        Assert.Equal(sizeof(long), Facts.Number("netmap_if.ring_ofs.elem_size"));
    }

    [Fact]
    public void Nr_flags_is_64_bit_at_offset_48()
    {
        Assert.Equal(48, Marshal.OffsetOf<NmReqRegister>(nameof(NmReqRegister.Flags)).ToInt64());
        Assert.Equal(8, Unsafe.SizeOf<ulong>());
        Assert.Equal(typeof(ulong), typeof(NmReqRegister).GetField(nameof(NmReqRegister.Flags))!.FieldType);
    }

    public static TheoryData<string> MirroredConstants()
    {
        var data = new TheoryData<string>();
        foreach (var (owner, field, name) in Constants())
        {
            data.Add($"{owner.FullName}.{field.Name}={name}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MirroredConstants))]
    public void Constant_matches_abi_txt(string entry)
    {
        var (owner, field, name) = Constants().Single(c => $"{c.Owner.FullName}.{c.Field.Name}={c.Name}" == entry);
        object? value = field.GetValue(null);
        if (value is string text)
        {
            Assert.Equal(Facts.Text(name), text);
            return;
        }

        long managed = owner.IsEnum ? Convert.ToInt64(Convert.ChangeType(value, Enum.GetUnderlyingType(owner), null), null) : Convert.ToInt64(value, null);
        long native = Facts.Number(name);
        if (managed < 0 && native > 0)
        {
            // 32-bit constants such as NIOCCTRL print as unsigned hex.
            managed &= 0xffffffffL;
        }

        Assert.Equal(native, managed);
    }

    [Fact]
    public void Every_constant_the_sdk_needs_is_mirrored()
    {
        string[] required =
        [
            "NIOCCTRL", "NIOCTXSYNC", "NIOCRXSYNC", "NETMAP_API", "NR_REG_ALL_NIC", "NR_REG_SW", "NR_REG_NIC_SW",
            "NR_REG_ONE_NIC", "NR_REG_NULL", "NR_REG_ONE_SW", "NR_EXCLUSIVE", "NR_RX_RINGS_ONLY", "NR_TX_RINGS_ONLY",
            "NR_NO_TX_POLL", "NR_MONITOR_TX", "NR_MONITOR_RX", "NR_ZCOPY_MON", "NS_BUF_CHANGED", "NS_REPORT",
            "NS_FORWARD", "NS_MOREFRAG", "NR_FORWARD", "NR_TIMESTAMP", "NETMAP_REQ_REGISTER",
            "NETMAP_REQ_PORT_INFO_GET", "POLLIN", "POLLOUT", "POLLERR", "EBUSY", "EINVAL", "ENXIO", "EOPNOTSUPP",
        ];
        var mirrored = Constants().Select(c => c.Name).ToHashSet();
        string[] missing = required.Where(r => !mirrored.Contains(r)).ToArray();
        Assert.True(missing.Length == 0, "not mirrored: " + string.Join(", ", missing));
    }

    private static void CheckFields(Type type, string c, string prefix, long baseOffset)
    {
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            string? name = NativeName(field);
            if (name is null)
            {
                continue;
            }

            long offset = baseOffset + Marshal.OffsetOf(type, field.Name).ToInt64();
            string key = $"{prefix}.{name}";
            Assert.True(Facts.Has(key + ".offset"), $"abi.txt has no '{key}.offset' for {type.Name}.{field.Name}");
            Assert.Equal(Facts.Number(key + ".offset"), offset);
            Assert.Equal(Facts.Number(key + ".size"), SizeOf(field.FieldType));

            // An embedded struct is listed field by field from the outer struct's start where abi.txt expands it
            // (nmreq_opt_extmem); elsewhere it is checked as a struct of its own.
            if (NativeName(field.FieldType) is not null && Facts.Names.Any(n => n.StartsWith(key + ".", StringComparison.Ordinal)
                && n != key + ".offset" && n != key + ".size"))
            {
                CheckFields(field.FieldType, c, key, offset);
            }
        }
    }

    private static bool IsFlexibleArray(string c, string field) =>
        Facts.Has($"{c}.{field}.elem_size");

    private static IEnumerable<(Type Owner, FieldInfo Field, string Name)> Constants()
    {
        foreach (Type type in Interop.GetTypes())
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (NativeName(field) is { } name)
                {
                    yield return (type, field, name);
                }
            }
        }
    }

    private static string? NativeName(MemberInfo member)
    {
        Attribute? attribute = member.GetCustomAttributes(inherit: false).OfType<Attribute>()
            .FirstOrDefault(a => a.GetType().Name == "NativeNameAttribute");
        return attribute?.GetType().GetProperty("Name")!.GetValue(attribute) as string;
    }

    private static long SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
}
