// AXI4 slave memory model of the rcegen co-simulation harness (inlined into harness.cpp
// by the Swift CoSim layer in place of the AXI_MEMORY_MODEL placeholder; see docs/cosim.md, "AXI
// memory model"). One AxiSlavePort serves one master port of the design. It advances only
// on enabled cycles (clock enable high): it samples the master after the pre-edge eval,
// checks the protocol, performs the handshakes of that edge and decides the outputs of the
// next cycle, which the harness drives after the falling edge. Work per cycle is O(1) in
// the run length (outstanding bursts are bounded by the configured limits).

// What the design (the master) drives. Payloads are only read while their valid is high.
struct AxiMasterSignals {
    bool arvalid = false;
    uint64_t araddr = 0;
    uint32_t arlen = 0, arsize = 0, arburst = 0, arid = 0;
    bool rready = false;
    bool awvalid = false;
    uint64_t awaddr = 0;
    uint32_t awlen = 0, awsize = 0, awburst = 0, awid = 0;
    bool wvalid = false;
    uint32_t wdata[32] = {};
    uint32_t wstrb[4] = {};
    bool wlast = false;
    bool bready = false;
    // A valid on a channel the port was declared without (awvalid/wvalid on a read port,
    // arvalid on a write port).
    bool strayValid = false;
};

// What the memory model (the slave) drives.
struct AxiSlaveSignals {
    bool arready = false;
    bool rvalid = false;
    uint32_t rdata[32] = {};
    uint32_t rresp = 0;
    bool rlast = false;
    uint32_t rid = 0;
    bool awready = false;
    bool wready = false;
    bool bvalid = false;
    uint32_t bresp = 0;
    uint32_t bid = 0;
};

struct AxiPortShape {
    const char* prefix;
    int dataBytes;
    uint32_t sizeCode;   // log2(dataBytes): the only arsize/awsize accepted
    bool reads;
    bool writes;
};

// Generated per design (in the port glue that follows this model).
void axiSample(const Vdut* dut, int port, AxiMasterSignals& m);
void axiDrive(Vdut* dut, int port, const AxiSlaveSignals& s);

// One memory image; several ports may share it.
struct AxiImage {
    uint64_t base = 0;
    std::vector<uint8_t> bytes;
    std::string path;
    bool writeBack = false;
};

// Run-time knobs of one port (Swift's AXITiming, plus the attached image).
struct AxiTiming {
    int image = -1;
    uint64_t latencyMin = 1, latencyMax = 1;
    double arreadyLow = 0, awreadyLow = 0, wreadyLow = 0, readGap = 0;
    uint64_t responseMin = 1, responseMax = 1;
    bool reorder = false;
    uint64_t maxReads = 16, maxWrites = 16;
    bool overflowIsViolation = false;
};

struct AxiViolation {
    bool happened = false;
    int port = -1;
    uint64_t cycle = 0;
    std::string rule;
    std::string message;
};

struct AxiStatistics {
    uint64_t readBursts = 0, readBeats = 0, readBackpressure = 0, reorderedReads = 0;
    uint64_t firstReadBeat = ~0ull, lastReadBeat = ~0ull;
    uint64_t writeBursts = 0, writeBeats = 0, writeResponses = 0;
    uint64_t firstWriteBeat = ~0ull, lastWriteBeat = ~0ull;
};

std::string hex(uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
    return text;
}

class AxiSlavePort {
public:
    AxiSlavePort(int index, const AxiPortShape& shape, const AxiTiming& timing, AxiImage* image, uint64_t seed,
                 AxiViolation* violation)
        : index_(index), shape_(shape), timing_(timing), image_(image), random_{seed}, violation_(violation) {
        // Zero until the first enabled cycle after reset: no ready, no valid.
        reads_.reserve(static_cast<size_t>(timing.maxReads) + 1);
    }

    // Drives the outputs decided by the last step (cheap to call every cycle).
    void drive(Vdut* dut) {
        if (!dirty_) return;
        axiDrive(dut, index_, out_);
        dirty_ = false;
    }

    // One enabled cycle: `cycle` is the harness cycle (for statistics and messages).
    void step(const Vdut* dut, uint64_t cycle) {
        cycle_ = cycle;
        axiSample(dut, index_, m_);
        activity_ = false;
        if (m_.strayValid) {
            violate("wrongDirection", shape_.reads ? "a write channel valid is high on a read-only port"
                                                   : "arvalid is high on a write-only port");
            return;
        }
        if (shape_.reads && !stepRead()) return;
        if (shape_.writes && !stepWrite()) return;
        ++tick_;
        dirty_ = true;
    }

    // Bursts accepted and not finished, or write data waiting for its address.
    bool busy() const { return !reads_.empty() || outstandingWrites_ > 0 || !writeBeats_.empty(); }
    // Whether the last step moved anything (keeps the harness from declaring the run quiet).
    bool active() const { return activity_; }
    const AxiStatistics& statistics() const { return stats_; }
    uint64_t outstandingReads() const { return reads_.size(); }
    uint64_t outstandingWrites() const { return outstandingWrites_; }

private:
    struct ReadBurst {
        uint64_t address;
        uint32_t length;   // beats - 1
        uint32_t id;
        uint64_t readyTick;
        uint32_t beat;
    };
    struct WriteBurst {
        uint64_t address;
        uint32_t length;
        uint32_t id;
        uint32_t beat;
    };
    struct WriteBeat {
        uint32_t data[32];
        uint32_t strobe[4];
        bool last;
    };
    struct WriteResponse {
        uint32_t id;
        uint64_t readyTick;
    };

    void violate(const char* rule, const std::string& message) {
        if (violation_->happened) return;
        violation_->happened = true;
        violation_->port = index_;
        violation_->cycle = cycle_;
        violation_->rule = rule;
        violation_->message = message;
    }

    uint64_t draw(uint64_t low, uint64_t high) {
        return low == high ? low : low + random_.next() % (high - low + 1);
    }

    // Checks an accepted AR/AW request; false after recording a violation.
    bool checkRequest(const char* channel, uint64_t address, uint32_t length, uint32_t size, uint32_t burst) {
        // Built only for a message: this runs on every address handshake.
        const auto what = [&] { return std::string(channel) + " addr " + hex(address) + " len " + std::to_string(length); };
        const uint64_t bytes = static_cast<uint64_t>(length + 1) * static_cast<uint64_t>(shape_.dataBytes);
        if (size != shape_.sizeCode) {
            violate("sizeNotDataWidth", what() + ": size " + std::to_string(size) + " (" + std::to_string(1u << size) +
                    " bytes) but the data bus carries " + std::to_string(shape_.dataBytes) + " bytes (size " +
                    std::to_string(shape_.sizeCode) + ")");
            return false;
        }
        if (burst != 1) {
            violate("burstNotIncrement", what() + ": burst type " + std::to_string(burst) + ", only INCR (1) is supported");
            return false;
        }
        if (address % static_cast<uint64_t>(shape_.dataBytes) != 0) {
            violate("unalignedAddress", what() + ": not a multiple of the " + std::to_string(shape_.dataBytes) + "-byte beat");
            return false;
        }
        if ((address & 0xfffull) + bytes > 0x1000ull) {
            violate("crosses4KBoundary", what() + ": the burst's " + std::to_string(bytes) + " bytes run past the 4 KB boundary at " +
                    hex((address | 0xfffull) + 1));
            return false;
        }
        if (!image_) {
            violate("outsideImage", what() + ": no memory image is attached to this port");
            return false;
        }
        const uint64_t size64 = image_->bytes.size();
        if (address < image_->base || address - image_->base > size64 || bytes > size64 - (address - image_->base)) {
            violate("outsideImage", what() + ": the burst's " + std::to_string(bytes) + " bytes leave the image " +
                    hex(image_->base) + "..<" + hex(image_->base + size64));
            return false;
        }
        return true;
    }

    bool stepRead() {
        // Stability: a request waiting for arready must hold.
        if (arWaiting_) {
            if (!m_.arvalid) { violate("unstableWhileWaiting", "arvalid dropped before arready"); return false; }
            if (m_.araddr != heldAr_.araddr || m_.arlen != heldAr_.arlen || m_.arsize != heldAr_.arsize ||
                m_.arburst != heldAr_.arburst || m_.arid != heldAr_.arid) {
                violate("unstableWhileWaiting", "AR changed while arvalid was high and arready low: addr " + hex(heldAr_.araddr) +
                        " -> " + hex(m_.araddr) + ", len " + std::to_string(heldAr_.arlen) + " -> " + std::to_string(m_.arlen) +
                        ", id " + std::to_string(heldAr_.arid) + " -> " + std::to_string(m_.arid));
                return false;
            }
        }
        // R handshake first: a burst whose last beat leaves on this edge no longer counts.
        bool holding = false;
        if (out_.rvalid) {
            if (m_.rready) {
                activity_ = true;
                ReadBurst& burst = reads_[current_];
                ++stats_.readBeats;
                if (stats_.firstReadBeat == ~0ull) stats_.firstReadBeat = cycle_;
                stats_.lastReadBeat = cycle_;
                if (burst.beat++ == burst.length) {
                    reads_.erase(reads_.begin() + static_cast<long>(current_));
                    current_ = kNone;
                }
            } else {
                ++stats_.readBackpressure;
                holding = true;   // AXI: rvalid and its payload stay until rready
            }
        }
        if (m_.arvalid && out_.arready) {
            activity_ = true;
            if (!checkRequest("AR", m_.araddr, m_.arlen, m_.arsize, m_.arburst)) return false;
            if (reads_.size() >= timing_.maxReads) {
                violate("tooManyOutstanding", "AR addr " + hex(m_.araddr) + " accepted with " + std::to_string(reads_.size()) +
                        " read bursts outstanding; the limit is " + std::to_string(timing_.maxReads));
                return false;
            }
            ++stats_.readBursts;
            reads_.push_back({m_.araddr, m_.arlen, m_.arid, tick_ + draw(timing_.latencyMin, timing_.latencyMax), 0});
        }
        arWaiting_ = m_.arvalid && !out_.arready;
        if (arWaiting_) heldAr_ = m_;
        // Outputs of the next cycle (tick_ + 1).
        out_.arready = !(timing_.overflowIsViolation == false && reads_.size() >= timing_.maxReads) &&
                       !random_.chance(timing_.arreadyLow);
        if (holding) return true;
        out_.rvalid = false;
        const uint64_t next = tick_ + 1;
        if (current_ == kNone) {
            current_ = pickReadBurst(next);
            if (current_ != kNone && current_ != 0) ++stats_.reorderedReads;
        }
        if (current_ != kNone && !random_.chance(timing_.readGap)) {
            const ReadBurst& burst = reads_[current_];
            const uint64_t offset = burst.address - image_->base + static_cast<uint64_t>(burst.beat) * shape_.dataBytes;
            std::memcpy(out_.rdata, image_->bytes.data() + offset, static_cast<size_t>(shape_.dataBytes));
            out_.rvalid = true;
            out_.rlast = burst.beat == burst.length;
            out_.rid = burst.id;
            out_.rresp = 0;   // OKAY
        }
        return true;
    }

    // The burst to serve next among those whose first beat is due by `tick`, or kNone.
    // In order: the oldest. Reordering: a random one among the oldest of each ID.
    size_t pickReadBurst(uint64_t tick) {
        if (reads_.empty()) return kNone;
        if (!timing_.reorder) return reads_[0].readyTick <= tick ? 0 : kNone;
        size_t candidates[64];
        size_t count = 0;
        for (size_t i = 0; i < reads_.size() && count < 64; ++i) {
            bool oldestOfId = true;
            for (size_t j = 0; j < i; ++j) {
                if (reads_[j].id == reads_[i].id) { oldestOfId = false; break; }
            }
            if (oldestOfId && reads_[i].readyTick <= tick) candidates[count++] = i;
        }
        if (count == 0) return kNone;
        return candidates[random_.next() % count];
    }

    bool stepWrite() {
        if (awWaiting_) {
            if (!m_.awvalid) { violate("unstableWhileWaiting", "awvalid dropped before awready"); return false; }
            if (m_.awaddr != heldAw_.awaddr || m_.awlen != heldAw_.awlen || m_.awsize != heldAw_.awsize ||
                m_.awburst != heldAw_.awburst || m_.awid != heldAw_.awid) {
                violate("unstableWhileWaiting", "AW changed while awvalid was high and awready low: addr " + hex(heldAw_.awaddr) +
                        " -> " + hex(m_.awaddr) + ", len " + std::to_string(heldAw_.awlen) + " -> " + std::to_string(m_.awlen));
                return false;
            }
        }
        if (wWaiting_) {
            if (!m_.wvalid) { violate("unstableWhileWaiting", "wvalid dropped before wready"); return false; }
            if (std::memcmp(m_.wdata, heldW_.data, sizeof heldW_.data) != 0 ||
                std::memcmp(m_.wstrb, heldW_.strobe, sizeof heldW_.strobe) != 0 || m_.wlast != heldW_.last) {
                violate("unstableWhileWaiting", "wdata, wstrb or wlast changed while wvalid was high and wready low");
                return false;
            }
        }
        // B handshake first, so a response leaving on this edge frees its slot.
        bool holding = false;
        if (out_.bvalid) {
            if (m_.bready) {
                activity_ = true;
                ++stats_.writeResponses;
                responses_.pop_front();
                --outstandingWrites_;
            } else {
                holding = true;
            }
        }
        if (m_.awvalid && out_.awready) {
            activity_ = true;
            if (!checkRequest("AW", m_.awaddr, m_.awlen, m_.awsize, m_.awburst)) return false;
            if (outstandingWrites_ >= timing_.maxWrites) {
                violate("tooManyOutstanding", "AW addr " + hex(m_.awaddr) + " accepted with " + std::to_string(outstandingWrites_) +
                        " write bursts outstanding; the limit is " + std::to_string(timing_.maxWrites));
                return false;
            }
            ++stats_.writeBursts;
            ++outstandingWrites_;
            writes_.push_back({m_.awaddr, m_.awlen, m_.awid, 0});
        }
        if (m_.wvalid && out_.wready) {
            activity_ = true;
            ++stats_.writeBeats;
            if (stats_.firstWriteBeat == ~0ull) stats_.firstWriteBeat = cycle_;
            stats_.lastWriteBeat = cycle_;
            WriteBeat beat;
            std::memcpy(beat.data, m_.wdata, sizeof beat.data);
            std::memcpy(beat.strobe, m_.wstrb, sizeof beat.strobe);
            beat.last = m_.wlast;
            writeBeats_.push_back(beat);
        }
        awWaiting_ = m_.awvalid && !out_.awready;
        if (awWaiting_) heldAw_ = m_;
        wWaiting_ = m_.wvalid && !out_.wready;
        if (wWaiting_) {
            std::memcpy(heldW_.data, m_.wdata, sizeof heldW_.data);
            std::memcpy(heldW_.strobe, m_.wstrb, sizeof heldW_.strobe);
            heldW_.last = m_.wlast;
        }
        // W data may arrive before its address (AXI allows it); beats go to the oldest burst
        // that still needs data, in address order (AXI4 has no write interleaving).
        while (!writes_.empty() && !writeBeats_.empty()) {
            WriteBurst& burst = writes_.front();
            const WriteBeat& beat = writeBeats_.front();
            const bool last = burst.beat == burst.length;
            if (beat.last != last) {
                violate("wrongWriteLast", "AW addr " + hex(burst.address) + " len " + std::to_string(burst.length) + ": beat " +
                        std::to_string(burst.beat) + " has wlast " + (beat.last ? "high" : "low"));
                return false;
            }
            applyBeat(burst.address + static_cast<uint64_t>(burst.beat) * shape_.dataBytes, beat);
            writeBeats_.pop_front();
            ++burst.beat;
            if (last) {
                responses_.push_back({burst.id, tick_ + draw(timing_.responseMin, timing_.responseMax)});
                writes_.pop_front();
            }
        }
        out_.awready = !(timing_.overflowIsViolation == false && outstandingWrites_ >= timing_.maxWrites) &&
                       !random_.chance(timing_.awreadyLow);
        out_.wready = !random_.chance(timing_.wreadyLow);
        if (holding) return true;
        out_.bvalid = !responses_.empty() && responses_.front().readyTick <= tick_ + 1;
        if (out_.bvalid) {
            out_.bid = responses_.front().id;
            out_.bresp = 0;   // OKAY
        }
        return true;
    }

    void applyBeat(uint64_t address, const WriteBeat& beat) {
        uint8_t* target = image_->bytes.data() + (address - image_->base);
        const uint8_t* data = reinterpret_cast<const uint8_t*>(beat.data);
        for (int byte = 0; byte < shape_.dataBytes; ++byte) {
            if ((beat.strobe[byte / 32] >> (byte % 32)) & 1u) target[byte] = data[byte];
        }
    }

    static constexpr size_t kNone = ~static_cast<size_t>(0);
    const int index_;
    const AxiPortShape shape_;
    const AxiTiming timing_;
    AxiImage* image_;
    Random random_;
    AxiViolation* violation_;
    AxiMasterSignals m_;
    AxiSlaveSignals out_;
    bool dirty_ = true;
    bool activity_ = false;
    uint64_t tick_ = 0;     // enabled cycles stepped so far
    uint64_t cycle_ = 0;    // harness cycle of the current step
    AxiStatistics stats_;
    std::vector<ReadBurst> reads_;   // accepted, in AR order; bounded by the outstanding limit
    size_t current_ = kNone;         // burst whose beats are on the R channel
    bool arWaiting_ = false, awWaiting_ = false, wWaiting_ = false;
    AxiMasterSignals heldAr_, heldAw_;
    WriteBeat heldW_{};
    std::deque<WriteBurst> writes_;         // accepted, waiting for (more) data
    std::deque<WriteBeat> writeBeats_;      // transferred, waiting for their address
    std::deque<WriteResponse> responses_;   // complete, waiting for the B handshake
    uint64_t outstandingWrites_ = 0;
};

// All ports and images of a run, configured from the harness arguments
//   axi_image=<index>:<base>:<write back 0|1>:<path>
//   axi_port=<port>:<image or -1>:<latency min>:<latency max>:<arready low>:<awready low>:
//            <wready low>:<read gap>:<response min>:<response max>:<reorder 0|1>:
//            <max reads>:<max writes>:<overflow is violation 0|1>
class AxiMemorySystem {
public:
    void configure(const AxiPortShape* shapes, int portCount, const std::vector<std::string>& imageArguments,
                   const std::vector<std::string>& portArguments, uint64_t seed) {
        images_.resize(imageArguments.size());
        for (const std::string& argument : imageArguments) {
            const std::vector<std::string> fields = split(argument, 4);
            if (fields.size() != 4) fail("bad axi_image argument: " + argument);
            const uint64_t index = number(fields[0], argument);
            if (index >= images_.size()) fail("axi_image index out of range: " + argument);
            AxiImage& image = images_[index];
            image.base = number(fields[1], argument);
            image.writeBack = number(fields[2], argument) != 0;
            image.path = fields[3];
            image.bytes = readFile(image.path);
        }
        std::vector<AxiTiming> timings(static_cast<size_t>(portCount));
        std::vector<bool> seen(static_cast<size_t>(portCount), false);
        for (const std::string& argument : portArguments) {
            const std::vector<std::string> fields = split(argument, 14);
            if (fields.size() != 14) fail("bad axi_port argument: " + argument);
            const uint64_t port = number(fields[0], argument);
            if (port >= static_cast<uint64_t>(portCount)) fail("axi_port index out of range: " + argument);
            AxiTiming& t = timings[port];
            const long long image = std::strtoll(fields[1].c_str(), nullptr, 10);
            if (image >= static_cast<long long>(images_.size())) fail("axi_port image out of range: " + argument);
            t.image = static_cast<int>(image);
            t.latencyMin = number(fields[2], argument);
            t.latencyMax = number(fields[3], argument);
            t.arreadyLow = probability(fields[4], argument);
            t.awreadyLow = probability(fields[5], argument);
            t.wreadyLow = probability(fields[6], argument);
            t.readGap = probability(fields[7], argument);
            t.responseMin = number(fields[8], argument);
            t.responseMax = number(fields[9], argument);
            t.reorder = number(fields[10], argument) != 0;
            t.maxReads = number(fields[11], argument);
            t.maxWrites = number(fields[12], argument);
            t.overflowIsViolation = number(fields[13], argument) != 0;
            if (t.latencyMin < 1 || t.latencyMax < t.latencyMin || t.responseMin < 1 || t.responseMax < t.responseMin ||
                t.maxReads < 1 || t.maxWrites < 1)
                fail("inconsistent axi_port argument: " + argument);
            seen[port] = true;
        }
        for (int port = 0; port < portCount; ++port) {
            if (!seen[static_cast<size_t>(port)]) fail(std::string("no axi_port argument for AXI port ") + shapes[port].prefix);
            const AxiTiming& t = timings[static_cast<size_t>(port)];
            AxiImage* image = t.image >= 0 ? &images_[static_cast<size_t>(t.image)] : nullptr;
            // Each port draws from its own stream, so the stall pattern does not depend on traffic.
            const uint64_t portSeed = seed ^ (0xD1B54A32D192ED03ull * static_cast<uint64_t>(port + 1));
            ports_.emplace_back(port, shapes[port], t, image, portSeed, &violation_);
        }
    }

    void drive(Vdut* dut) {
        for (AxiSlavePort& port : ports_) port.drive(dut);
    }

    void step(const Vdut* dut, uint64_t cycle) {
        for (AxiSlavePort& port : ports_) port.step(dut, cycle);
    }

    bool failed() const { return violation_.happened; }

    bool busy() const {
        for (const AxiSlavePort& port : ports_) if (port.busy()) return true;
        return false;
    }

    bool active() const {
        for (const AxiSlavePort& port : ports_) if (port.active()) return true;
        return false;
    }

    // Statistics lines on stderr, the violation if any, and written images back to disk.
    void finish() {
        for (size_t i = 0; i < ports_.size(); ++i) {
            const AxiStatistics& s = ports_[i].statistics();
            std::fprintf(stderr,
                         "RCEGEN_AXI port=%zu read_bursts=%llu read_beats=%llu read_backpressure=%llu reordered_reads=%llu first_read=%lld "
                         "last_read=%lld write_bursts=%llu write_beats=%llu write_responses=%llu first_write=%lld "
                         "last_write=%lld outstanding_reads=%llu outstanding_writes=%llu\n",
                         i, u(s.readBursts), u(s.readBeats), u(s.readBackpressure), u(s.reorderedReads), signedCycle(s.firstReadBeat),
                         signedCycle(s.lastReadBeat), u(s.writeBursts), u(s.writeBeats), u(s.writeResponses),
                         signedCycle(s.firstWriteBeat), signedCycle(s.lastWriteBeat), u(ports_[i].outstandingReads()),
                         u(ports_[i].outstandingWrites()));
        }
        if (violation_.happened) {
            std::fprintf(stderr, "RCEGEN_AXI_VIOLATION port=%d cycle=%llu rule=%s message=%s\n", violation_.port,
                         u(violation_.cycle), violation_.rule.c_str(), violation_.message.c_str());
        }
        for (const AxiImage& image : images_) {
            if (!image.writeBack) continue;
            const std::string path = image.path + ".out";
            FILE* file = std::fopen(path.c_str(), "wb");
            if (!file) fail("cannot write memory image " + path);
            if (!image.bytes.empty() && std::fwrite(image.bytes.data(), 1, image.bytes.size(), file) != image.bytes.size())
                fail("short write on memory image " + path);
            std::fclose(file);
        }
    }

private:
    static unsigned long long u(uint64_t value) { return static_cast<unsigned long long>(value); }
    static long long signedCycle(uint64_t value) { return value == ~0ull ? -1 : static_cast<long long>(value); }

    // Splits on ':' into at most `limit` fields (the last keeps any further colons: paths).
    static std::vector<std::string> split(const std::string& text, size_t limit) {
        std::vector<std::string> fields;
        size_t start = 0;
        while (fields.size() + 1 < limit) {
            const size_t colon = text.find(':', start);
            if (colon == std::string::npos) break;
            fields.push_back(text.substr(start, colon - start));
            start = colon + 1;
        }
        fields.push_back(text.substr(start));
        return fields;
    }

    static uint64_t number(const std::string& text, const std::string& argument) {
        char* end = nullptr;
        const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0') fail("not an unsigned integer in " + argument + ": " + text);
        return static_cast<uint64_t>(value);
    }

    static double probability(const std::string& text, const std::string& argument) {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !(value >= 0.0 && value < 1.0)) fail("not a probability in [0, 1) in " + argument);
        return value;
    }

    static std::vector<uint8_t> readFile(const std::string& path) {
        FILE* file = std::fopen(path.c_str(), "rb");
        if (!file) fail("cannot open memory image " + path);
        std::fseek(file, 0, SEEK_END);
        const long bytes = std::ftell(file);
        std::fseek(file, 0, SEEK_SET);
        if (bytes < 0) fail("cannot size memory image " + path);
        std::vector<uint8_t> data(static_cast<size_t>(bytes));
        if (!data.empty() && std::fread(data.data(), 1, data.size(), file) != data.size()) fail("short read on memory image " + path);
        std::fclose(file);
        return data;
    }

    std::vector<AxiImage> images_;   // sized once: ports keep pointers into it
    std::vector<AxiSlavePort> ports_;
    AxiViolation violation_;
};
