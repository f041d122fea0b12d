/// The objects of a pack being written, by name: an open-addressing table of their positions in
/// the pack's own list, whose names are read from that list (``PackFileWriter/name(at:)``), not
/// copied. What an object is (kind, size, where its stream lies) is read back from the pack when
/// asked (``PackFileWriter/object(at:)``), not held.
///
/// A dictionary from name to place cost 56 bytes a bucket, and twice its buckets while it grew: 176
/// MB at the peak of a 100k-key commit's ~800k objects. Facts kept beside the positions cost 32 bytes
/// an object more (59 MB of a 200k-line Boulder commit's 220 MB). This holds 4 bytes a slot.
struct PackObjectTable {
    /// Position + 1 of an object, 0 for an empty slot; at most half full.
    private var slots = [UInt32](repeating: 0, count: 1024)
    private(set) var count = 0

    /// The position of the object named `name`, if it was added; `names` reads a position's name.
    func find(_ name: PackObjectName, names: (Int) -> PackObjectName) -> Int? {
        var slot = Self.start(name, slots.count)
        while slots[slot] != 0 {
            let position = Int(slots[slot] - 1)
            if names(position) == name { return position }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Adds the object just written at position ``count``, named `name` (not added before).
    mutating func add(_ name: PackObjectName, names: (Int) -> PackObjectName) {
        precondition(count < Int(UInt32.max) - 1, "a pack counts its objects in 32 bits")
        if (count + 1) * 2 > slots.count {
            let old = slots
            slots = [UInt32](repeating: 0, count: old.count * 2)
            for value in old where value != 0 { place(value, names(Int(value - 1))) }
        }
        place(UInt32(count + 1), name)
        count += 1
    }

    private mutating func place(_ value: UInt32, _ name: PackObjectName) {
        var slot = Self.start(name, slots.count)
        while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = value
    }

    /// The seeded hash, not the name's own bits: names come from content an input controls.
    private static func start(_ name: PackObjectName, _ count: Int) -> Int { name.hashValue & (count - 1) }
}
