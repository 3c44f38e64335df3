import HDL

/// A first-word-fall-through FIFO built into the calling module: a block-RAM array with a
/// registered read, and a two-entry output buffer in front of it so that `head` is valid
/// as soon as a word is stored and a word can leave every cycle.
///
/// The caller keeps the contract: `push` only when the FIFO has room, i.e. at most `depth`
/// words held in total (count pushes minus pops); under that bound the array itself never
/// fills (its two buffer entries are taken first), so its pointer difference cannot wrap.
/// Assign `pop` once (high only while `headValid`).
struct FallThroughFIFO {
    let headValid: Signal
    let head: Signal
    /// The consumer takes `head` this cycle; a wire to assign once.
    let pop: Signal

    /// Builds the FIFO `name` (its signals are prefixed with it) of `depth` words, a power of two.
    init(_ m: ModuleBuilder, _ name: String, depth: Int, _ type: SignalType, push: Signal, data: Signal, enable ce: Signal) {
        let pointerWidth = MemoryAddressing.width(depth)
        let memory = m.memory(name, depth: depth, type)
        let writePointer = m.register("\(name)_write_pointer", .unsigned(pointerWidth), resetValue: 0, enable: ce)
        memory.write(address: writePointer, data: data, enable: ce && push)
        writePointer.assign(mux(push, writePointer &+ 1, writePointer))

        let readPointer = m.register("\(name)_read_pointer", .unsigned(pointerWidth), resetValue: 0, enable: ce)
        let stored = m.wire("\(name)_stored", writePointer &- readPointer)
        let headValid = m.register("\(name)_head_valid", .bit, resetValue: 0, enable: ce)
        let head = m.register("\(name)_head", type, enable: ce)
        let spareValid = m.register("\(name)_spare_valid", .bit, resetValue: 0, enable: ce)
        let spare = m.register("\(name)_spare", type, enable: ce)
        let fetched = m.register("\(name)_fetched", .bit, resetValue: 0, enable: ce)
        let pop = m.wire("\(name)_pop", .bit)
        let held = headValid.extended(to: 2) + spareValid.extended(to: 2) + fetched.extended(to: 2)
        // Fetch only if the word can land: after this cycle's pop at most one entry is held.
        let fetch = m.wire("\(name)_fetch", stored != 0 && mux(pop, held < 3, held < 2))
        let word = memory.read(address: readPointer, enable: ce && fetch, name: "\(name)_word")
        fetched.assign(fetch)
        readPointer.assign(mux(fetch, readPointer &+ 1, readPointer))
        // After the pop, (first, second) are the entries left; the fetched word fills the first free one.
        let firstLeft = m.wire("\(name)_first_left_valid", mux(pop, spareValid, headValid))
        let firstData = mux(pop, spare, head)
        let secondLeft = m.wire("\(name)_second_left_valid", !pop && spareValid)
        head.assign(mux(!firstLeft && fetched, word, firstData))
        headValid.assign(firstLeft || fetched)
        spare.assign(mux(firstLeft && fetched, word, spare))
        spareValid.assign(secondLeft || (firstLeft && fetched))
        self.headValid = headValid
        self.head = head
        self.pop = pop
    }
}
