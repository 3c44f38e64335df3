// AXI4-Lite master driver of the rcegen co-simulation harness (inlined into harness.cpp by
// the Swift CoSim layer in place of the AXI_LITE_MASTER placeholder; see docs/cosim.md,
// "AXI4-Lite driver"). One AxiLiteMaster drives one AXI4-Lite slave port of the design
// (s_axi_<name>_*) through a script of register writes, reads, polls, idles and interrupt
// waits, one transaction at a time, the way a host driver (XRT) does. Like the memory
// model it advances only on enabled cycles: it samples the slave after the pre-edge eval,
// checks the slave's side of the protocol, performs that edge's handshakes and decides its
// outputs for the next cycle, which the harness drives after the falling edge.

// What the design (the slave) drives.
struct AxiLiteSlaveSignals {
    bool awready = false, wready = false, bvalid = false;
    uint32_t bresp = 0;
    bool arready = false, rvalid = false;
    uint32_t rdata = 0, rresp = 0;
    bool interrupt = false;
};

// What the driver (the master) drives.
struct AxiLiteMasterSignals {
    bool awvalid = false;
    uint64_t awaddr = 0;
    bool wvalid = false;
    uint32_t wdata = 0, wstrb = 0;
    bool bready = false;
    bool arvalid = false;
    uint64_t araddr = 0;
    bool rready = false;
};

// Generated per design (in the port glue).
void axiLiteSample(const Vdut* dut, int port, AxiLiteSlaveSignals& s);
void axiLiteDrive(Vdut* dut, int port, const AxiLiteMasterSignals& m);

// One script step. Kinds: 'W' write, 'R' read, 'P' poll (read until (value & mask) ==
// expected, at most `limit` reads), 'I' idle for `limit` cycles, 'Q' wait until the
// interrupt output equals `data` (0/1), at most `limit` cycles.
struct AxiLiteOperation {
    char kind = 'I';
    uint64_t address = 0;
    uint32_t data = 0, strobe = 0, mask = 0, expected = 0;
    uint64_t limit = 0;
};

struct AxiLiteTiming {
    double validDelay = 0;   // per-cycle probability that a pending valid is not raised yet
    double readyLow = 0;     // per-cycle probability that bready/rready is low
    int order = 0;           // 0 AW and W independent, 1 AW first, 2 W first, 3 together
    uint64_t timeout = 1000; // cycles an operation may wait for the slave
};

class AxiLiteMaster {
public:
    AxiLiteMaster(int index, const AxiLiteTiming& timing, std::vector<AxiLiteOperation> script, uint64_t seed)
        : index_(index), timing_(timing), script_(std::move(script)), random_{seed} {}

    void drive(Vdut* dut) {
        if (!dirty_) return;
        axiLiteDrive(dut, index_, out_);
        dirty_ = false;
    }

    void step(const Vdut* dut, uint64_t cycle) {
        if (failed_) return;
        cycle_ = cycle;
        axiLiteSample(dut, index_, s_);
        if (!started_) {
            started_ = true;
            firstCycle_ = cycle;
            begin();
        }
        if (!checkSlave()) return;
        if (next_ < script_.size()) advance();
        if (failed_) return;
        decideOutputs();
        dirty_ = true;
    }

    bool busy() const { return !failed_ && next_ < script_.size(); }
    bool failed() const { return failed_; }

    void finish() const {
        std::fprintf(stderr,
                     "RCEGEN_AXIL_DONE port=%d ops=%llu writes=%llu reads=%llu aw_first=%llu w_first=%llu together=%llu "
                     "b_backpressure=%llu r_backpressure=%llu first=%lld last=%lld\n",
                     index_, u(next_), u(writes_), u(reads_), u(awFirst_), u(wFirst_), u(together_), u(bBackpressure_),
                     u(rBackpressure_), started_ ? static_cast<long long>(firstCycle_) : -1LL,
                     started_ ? static_cast<long long>(lastCycle_) : -1LL);
    }

private:
    static unsigned long long u(uint64_t value) { return static_cast<unsigned long long>(value); }

    const AxiLiteOperation& op() const { return script_[next_]; }

    void stop(const char* rule, const std::string& message) {
        failed_ = true;
        std::fprintf(stderr, "RCEGEN_AXIL_FAIL port=%d op=%llu cycle=%llu rule=%s message=%s\n", index_, u(next_), u(cycle_), rule,
                     message.c_str());
    }

    // The slave's obligations, checked every enabled cycle before this edge's handshakes.
    bool checkSlave() {
        if (bHeld_ && (!s_.bvalid || s_.bresp != heldBresp_)) {
            stop("unstableWhileWaiting", "bvalid dropped or bresp changed while bready was low");
            return false;
        }
        if (rHeld_ && (!s_.rvalid || s_.rdata != heldRdata_ || s_.rresp != heldRresp_)) {
            stop("unstableWhileWaiting", "rvalid dropped or rdata/rresp changed while rready was low: rdata " + hex(heldRdata_) +
                 " -> " + hex(s_.rdata));
            return false;
        }
        const bool writing = next_ < script_.size() && op().kind == 'W';
        const bool reading = next_ < script_.size() && (op().kind == 'R' || op().kind == 'P');
        if (s_.bvalid && !(writing && awDone_ && wDone_)) {
            stop("responseWithoutRequest", writing ? "bvalid before both the AW and the W handshake" : "bvalid with no write outstanding");
            return false;
        }
        if (s_.rvalid && !(reading && arDone_)) {
            stop("responseWithoutRequest", reading ? "rvalid before the AR handshake" : "rvalid with no read outstanding");
            return false;
        }
        if (s_.bvalid && !out_.bready) ++bBackpressure_;
        if (s_.rvalid && !out_.rready) ++rBackpressure_;
        bHeld_ = s_.bvalid && !out_.bready;
        heldBresp_ = s_.bresp;
        rHeld_ = s_.rvalid && !out_.rready;
        heldRdata_ = s_.rdata;
        heldRresp_ = s_.rresp;
        return true;
    }

    // Resets the per-operation state for script_[next_] (if any).
    void begin() {
        awDone_ = wDone_ = arDone_ = false;
        awCycle_ = wCycle_ = 0;
        pollReads_ = 0;
        waited_ = 0;
    }

    void complete() {
        lastCycle_ = cycle_;
        ++next_;
        begin();
    }

    // This edge's handshakes and the operation's progress.
    void advance() {
        const AxiLiteOperation& o = op();
        ++waited_;
        switch (o.kind) {
        case 'W': {
            if (out_.awvalid && s_.awready) { awDone_ = true; awCycle_ = cycle_; }
            if (out_.wvalid && s_.wready) { wDone_ = true; wCycle_ = cycle_; }
            if (out_.bready && s_.bvalid) {
                if (s_.bresp != 0) { stop("errorResponse", "BRESP " + std::to_string(s_.bresp) + " for the write to " + hex(o.address)); return; }
                ++writes_;
                if (awCycle_ < wCycle_) ++awFirst_;
                else if (wCycle_ < awCycle_) ++wFirst_;
                else ++together_;
                complete();
                return;
            }
            break;
        }
        case 'R':
        case 'P': {
            if (out_.arvalid && s_.arready) arDone_ = true;
            if (out_.rready && s_.rvalid) {
                if (s_.rresp != 0) { stop("errorResponse", "RRESP " + std::to_string(s_.rresp) + " for the read of " + hex(o.address)); return; }
                ++reads_;
                ++pollReads_;
                const bool satisfied = o.kind == 'R' || (s_.rdata & o.mask) == o.expected;
                if (satisfied) {
                    std::fprintf(stderr, "RCEGEN_AXIL_READ port=%d op=%llu cycle=%llu value=%u reads=%llu\n", index_, u(next_), u(cycle_),
                                 s_.rdata, u(pollReads_));
                    complete();
                    return;
                }
                if (pollReads_ >= o.limit) {
                    stop("pollExhausted", "read " + hex(o.address) + " " + std::to_string(pollReads_) + " times; last value " + hex(s_.rdata) +
                         ", wanted (value & " + hex(o.mask) + ") == " + hex(o.expected));
                    return;
                }
                arDone_ = false;   // ask again
                waited_ = 0;
                return;
            }
            break;
        }
        case 'I':
            if (waited_ > o.limit) { complete(); return; }
            return;
        case 'Q':
            if (s_.interrupt == (o.data != 0)) { complete(); return; }
            if (waited_ > o.limit) {
                stop("interruptTimeout", std::string("interrupt did not go ") + (o.data ? "high" : "low") + " within " +
                     std::to_string(o.limit) + " cycles");
            }
            return;
        default:
            stop("badScript", std::string("unknown operation kind ") + o.kind);
            return;
        }
        if (waited_ > timing_.timeout) {
            stop("noResponse", std::string("the slave did not finish the ") + (o.kind == 'W' ? "write to " : "read of ") + hex(o.address) +
                 " within " + std::to_string(timing_.timeout) + " cycles (AW " + (awDone_ ? "done" : "pending") + ", W " +
                 (wDone_ ? "done" : "pending") + ", AR " + (arDone_ ? "done" : "pending") + ")");
        }
    }

    // Raises a pending valid with probability 1 - validDelay; a raised valid stays up.
    bool raise(bool current) { return current || !random_.chance(timing_.validDelay); }

    void decideOutputs() {
        const bool active = next_ < script_.size();
        const char kind = active ? op().kind : 'I';
        if (kind == 'W') {
            const AxiLiteOperation& o = op();
            bool aw = out_.awvalid && !awDone_, w = out_.wvalid && !wDone_;
            switch (timing_.order) {
            case 1:   // AW strictly before W
                if (!awDone_) aw = raise(aw);
                else if (!wDone_) w = raise(w);
                break;
            case 2:   // W strictly before AW
                if (!wDone_) w = raise(w);
                else if (!awDone_) aw = raise(aw);
                break;
            case 3:   // both valids rise in the same cycle
                if (!awDone_ && !wDone_ && !aw && !w) { aw = w = raise(false); }
                break;
            default:
                if (!awDone_) aw = raise(aw);
                if (!wDone_) w = raise(w);
                break;
            }
            out_.awvalid = aw;
            out_.awaddr = o.address;
            out_.wvalid = w;
            out_.wdata = o.data;
            out_.wstrb = o.strobe;
        } else {
            out_.awvalid = out_.wvalid = false;
        }
        if (kind == 'R' || kind == 'P') {
            out_.arvalid = !arDone_ && raise(out_.arvalid && !arDone_);
            out_.araddr = op().address;
        } else {
            out_.arvalid = false;
        }
        out_.bready = !random_.chance(timing_.readyLow);
        out_.rready = !random_.chance(timing_.readyLow);
    }

    const int index_;
    const AxiLiteTiming timing_;
    const std::vector<AxiLiteOperation> script_;
    Random random_;
    AxiLiteSlaveSignals s_;
    AxiLiteMasterSignals out_;
    bool dirty_ = true, started_ = false, failed_ = false;
    uint64_t cycle_ = 0, firstCycle_ = 0, lastCycle_ = 0;
    size_t next_ = 0;   // operation in progress
    bool awDone_ = false, wDone_ = false, arDone_ = false;
    uint64_t awCycle_ = 0, wCycle_ = 0, waited_ = 0, pollReads_ = 0;
    bool bHeld_ = false, rHeld_ = false;
    uint32_t heldBresp_ = 0, heldRdata_ = 0, heldRresp_ = 0;
    uint64_t writes_ = 0, reads_ = 0, awFirst_ = 0, wFirst_ = 0, together_ = 0, bBackpressure_ = 0, rBackpressure_ = 0;
};

// Every AXI4-Lite port of a run, configured from the harness arguments
//   axil_port=<port>:<valid delay>:<ready low>:<write order>:<timeout>:<script path>
// A script file holds one operation per line: "W addr data strobe", "R addr",
// "P addr mask expected max_reads", "I cycles", "Q level max_cycles" (decimal numbers).
class AxiLiteMasterSystem {
public:
    void configure(int portCount, const std::vector<std::string>& arguments, uint64_t seed) {
        std::vector<AxiLiteTiming> timings(static_cast<size_t>(portCount));
        std::vector<std::vector<AxiLiteOperation>> scripts(static_cast<size_t>(portCount));
        for (const std::string& argument : arguments) {
            std::vector<std::string> fields;
            size_t start = 0;
            while (fields.size() < 5) {
                const size_t colon = argument.find(':', start);
                if (colon == std::string::npos) break;
                fields.push_back(argument.substr(start, colon - start));
                start = colon + 1;
            }
            fields.push_back(argument.substr(start));
            if (fields.size() != 6) fail("bad axil_port argument: " + argument);
            const unsigned long long port = std::strtoull(fields[0].c_str(), nullptr, 10);
            if (port >= static_cast<unsigned long long>(portCount)) fail("axil_port index out of range: " + argument);
            AxiLiteTiming& t = timings[port];
            t.validDelay = std::strtod(fields[1].c_str(), nullptr);
            t.readyLow = std::strtod(fields[2].c_str(), nullptr);
            t.order = static_cast<int>(std::strtol(fields[3].c_str(), nullptr, 10));
            t.timeout = std::strtoull(fields[4].c_str(), nullptr, 10);
            if (!(t.validDelay >= 0 && t.validDelay < 1) || !(t.readyLow >= 0 && t.readyLow < 1) || t.order < 0 || t.order > 3)
                fail("inconsistent axil_port argument: " + argument);
            scripts[port] = readScript(fields[5]);
        }
        for (int port = 0; port < portCount; ++port) {
            const size_t p = static_cast<size_t>(port);
            // A port without an argument gets an empty script: its valids stay low.
            masters_.emplace_back(port, timings[p], scripts[p], seed ^ (0x9FB21C651E98DF25ull * static_cast<uint64_t>(port + 1)));
        }
    }

    void drive(Vdut* dut) { for (AxiLiteMaster& master : masters_) master.drive(dut); }
    void step(const Vdut* dut, uint64_t cycle) { for (AxiLiteMaster& master : masters_) master.step(dut, cycle); }

    bool busy() const {
        for (const AxiLiteMaster& master : masters_) if (master.busy()) return true;
        return false;
    }

    bool failed() const {
        for (const AxiLiteMaster& master : masters_) if (master.failed()) return true;
        return false;
    }

    void finish() const { for (const AxiLiteMaster& master : masters_) master.finish(); }

private:
    static std::vector<AxiLiteOperation> readScript(const std::string& path) {
        FILE* file = std::fopen(path.c_str(), "r");
        if (!file) fail("cannot open AXI4-Lite script " + path);
        std::vector<AxiLiteOperation> script;
        char line[256];
        while (std::fgets(line, sizeof line, file)) {
            AxiLiteOperation o;
            unsigned long long a = 0, b = 0, c = 0, d = 0;
            char kind = 0;
            const int count = std::sscanf(line, " %c %llu %llu %llu %llu", &kind, &a, &b, &c, &d);
            if (count <= 0) continue;
            o.kind = kind;
            switch (kind) {
            case 'W': if (count != 4) fail(std::string("bad script line: ") + line); o.address = a; o.data = static_cast<uint32_t>(b); o.strobe = static_cast<uint32_t>(c); break;
            case 'R': if (count != 2) fail(std::string("bad script line: ") + line); o.address = a; break;
            case 'P': if (count != 5) fail(std::string("bad script line: ") + line); o.address = a; o.mask = static_cast<uint32_t>(b); o.expected = static_cast<uint32_t>(c); o.limit = d; break;
            case 'I': if (count != 2) fail(std::string("bad script line: ") + line); o.limit = a; break;
            case 'Q': if (count != 3) fail(std::string("bad script line: ") + line); o.data = static_cast<uint32_t>(a); o.limit = b; break;
            default: fail(std::string("bad script line: ") + line);
            }
            script.push_back(o);
        }
        std::fclose(file);
        return script;
    }

    std::vector<AxiLiteMaster> masters_;
};
