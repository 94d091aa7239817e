// One trace event of a Chrome JSON file: its fields, read in place, and what is made of them:
// our state slices and operations are checked strictly; other tools' events go to
// ChromeForeign.
#include "format/chromejsonreader.h"

namespace tl::chromeread {

bool Reader::plainInteger(od::value& v, std::int64_t& out) {
    const char* p = v.raw_json_token().data();
    const bool negative = *p == '-';
    p += negative;
    if (*p < '1' || *p > '9') return false; // 0, -0 or no integer: simdjson's way
    std::uint64_t n = 0;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; ++p) {
        if (++digits > 18) return false;
        n = n * 10 + std::uint64_t(*p - '0');
    }
    switch (*p) { // what may follow a number that is whole
    case ',':
    case '}':
    case ']':
    case ' ':
    case '\n':
    case '\r':
    case '\t':
        out = negative ? -std::int64_t(n) : std::int64_t(n);
        return true;
    default:
        return false;
    }
}

void Reader::idNumber(od::value& v, std::int64_t& out, std::string_view& name, bool& has) {
    if (plainInteger(v, out) || v.get_int64().get(out) == simdjson::SUCCESS) {
        has = true;
        return;
    }
    double d = 0;
    if (v.get_double().get(d) == simdjson::SUCCESS && d > -9e18 && d < 9e18) {
        out = std::int64_t(d);
        has = true;
        return;
    }
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS && !s.empty()) {
        name = s;
        has = true;
    }
}

bool Reader::idText(od::value& v, std::string_view& out) {
    if (text(v, out)) return true;
    out = v.raw_json_token();
    while (!out.empty() &&
           (out.back() == ' ' || out.back() == '\n' || out.back() == '\r' || out.back() == '\t'))
        out.remove_suffix(1);
    return !out.empty() && out[0] != '{' && out[0] != '[';
}

void Reader::event(od::value& v, std::size_t index) {
    const char* at = nullptr;
    if (!m_ours && m_doc->current_location().get(at)) at = nullptr;
    od::object obj;
    if (const auto err = v.get_object().get(obj)) {
        if (err == simdjson::INCORRECT_TYPE) {
            if (m_ours) fail(eventName(index) + ": not an object");
            m_foreign.skip(index, offsetOf(at), "not an object");
            return;
        }
        check(err, Where("", index));
    }
    // Copied from a blank one: made anew, the compiler zeroed its 200 bytes with a string
    // instruction whose start-up cost more than the copy.
    static const Fields kBlank;
    Fields& f = m_fields;
    f = kBlank;
    f.e.index = index;
    f.e.byte = offsetOf(at);
    for (auto fr : obj) {
        // By reference: copying the field and its value went through the stack in halves
        // read back whole, a stall on every field of every event.
        check(fr.error(), Where("", index));
        od::field& field = fr.value_unsafe();
        const char* key = field.key().raw();
        od::value& val = field.value();
        f.anyKey = true;
        switch (key[0]) {
        case 'p':
            if (is(key, "ph\"")) {
                if (!text(val, f.ph)) fail(eventName(index) + ": \"ph\" is not a string");
                f.e.ph = f.ph.size() == 1 ? f.ph[0] : '?';
                // Our counters and flows (half of our events) are derived: leave the rest
                // of the object unread, simdjson skips it.
                if (m_ours && f.e.ph != 'M' && f.e.ph != 'X' && f.e.ph != 'i' && f.e.ph != 'I')
                    return;
            } else if (is(key, "pid\"")) {
                bool has = false;
                idNumber(val, f.e.pid, f.e.pidName, has);
            }
            break;
        case 'n':
            if (is(key, "name\"") && !text(val, f.e.name)) f.e.name = {};
            break;
        case 'c':
            if (is(key, "cat\"") && !text(val, f.e.cat)) f.e.cat = {};
            break;
        case 't':
            if (is(key, "tid\"")) {
                f.hasTid =
                    plainInteger(val, f.tid) || val.get_int64().get(f.tid) == simdjson::SUCCESS;
                if (f.hasTid) {
                    f.e.tid = f.tid;
                } else if (!m_ours) {
                    bool has = false;
                    idNumber(val, f.e.tid, f.e.tidName, has);
                }
            } else if (is(key, "ts\"")) {
                f.e.hasTs = micros(val, f.e.ts);
                if (!f.e.hasTs)
                    f.e.badTime = "\"ts\" is not a number of microseconds within 9.2e15";
            }
            break;
        case 'd':
            if (is(key, "dur\"")) {
                f.e.hasDur = micros(val, f.e.dur);
                if (!f.e.hasDur)
                    f.e.badTime = "\"dur\" is not a number of microseconds within 9.2e15";
            }
            break;
        case 'a':
            if (is(key, "args\"")) {
                if (m_ours || ours(f)) {
                    args(val, f, index);
                } else {
                    od::object a;
                    if (val.get_object().get(a) == simdjson::SUCCESS &&
                        a.raw_json().get(f.e.args) != simdjson::SUCCESS)
                        f.e.args = {};
                }
            }
            break;
        case 'i':
            if (m_ours) break;
            if (is(key, "id\"")) {
                f.e.hasId = idText(val, f.e.id);
            } else if (is(key, "id2\"")) {
                od::object id2;
                if (val.get_object().get(id2) == simdjson::SUCCESS)
                    for (auto ir : id2) {
                        od::field idf;
                        check(std::move(ir).get(idf), Where(" id2", index));
                        const char* k = idf.key().raw();
                        od::value iv = idf.value();
                        if (is(k, "local\"") || is(k, "global\"")) {
                            f.e.idLocal = k[0] == 'l';
                            f.e.hasId = idText(iv, f.e.id);
                        }
                    }
            }
            break;
        case 's':
            if (m_ours) break;
            if (is(key, "s\"")) {
                std::string_view scope;
                if (text(val, scope) && !scope.empty()) f.e.instantScope = scope[0];
            } else if (is(key, "scope\"")) {
                if (!text(val, f.e.scope)) f.e.scope = {};
            }
            break;
        default:
            break;
        }
    }
    interpret(f, index);
}

void Reader::reparseArgs(Fields& f, std::size_t index) {
    if (f.e.args.empty()) return;
    const char* end = m_text.data() + m_text.capacity();
    const simdjson::padded_string_view text(f.e.args.data(), f.e.args.size(),
                                            std::size_t(end - f.e.args.data()));
    od::document d;
    od::value v;
    if (m_argParser.iterate(text).get(d) || d.get_value().get(v)) return;
    args(v, f, index);
}

void Reader::args(od::value& v, Fields& f, std::size_t index) {
    OurArgs& a = ourArgs(f);
    od::object obj;
    if (v.get_object().get(obj)) return; // other tools' args may be anything
    for (auto fr : obj) {
        od::field field;
        check(std::move(fr).get(field), Where(" args", index));
        const char* key = field.key().raw();
        od::value val = field.value();
        auto string = [&](std::string_view& out, bool& has, const char* bad) {
            has = text(val, out);
            if (!has && !a.badArg) a.badArg = bad;
        };
        auto number = [&](std::uint64_t& out, bool* has, const char* bad) {
            const bool ok = val.get_uint64().get(out) == simdjson::SUCCESS;
            if (has) *has = ok;
            if (!ok && !a.badArg) a.badArg = bad;
        };
        auto flag = [&](std::uint8_t bit, const char* bad) {
            bool b = false;
            if (val.get_bool().get(b)) {
                if (!a.badArg) a.badArg = bad;
            } else if (b) {
                a.opFlags |= bit;
            }
        };
        if (is(key, "object\"")) {
            string(a.object, a.hasObject, "args.object is not a string");
        } else if (is(key, "reason\"")) {
            string(a.reason, a.hasReason, "args.reason is not a string");
        } else if (is(key, "name\"")) {
            string(a.argName, a.hasArgName, "args.name is not a string");
        } else if (is(key, "item\"")) {
            number(a.item, &a.hasItem, "args.item is not an unsigned integer");
        } else if (is(key, "value\"")) {
            // A variable's value is signed: a negative one is kept as its 32-bit pattern.
            std::int64_t v = 0;
            if (val.get_int64().get(v) == simdjson::SUCCESS && v < 0) {
                a.hasValue = true;
                a.negative = true;
                if (v < -2147483648LL && !a.badArg) a.badArg = "args.value is out of range";
                a.value = std::uint32_t(std::int32_t(v));
            } else {
                number(a.value, &a.hasValue, "args.value is not an integer");
            }
        } else if (is(key, "flags\"")) {
            number(a.flags, nullptr, "args.flags is not an unsigned integer");
        } else if (is(key, "waited\"")) {
            flag(OpFlagWaited, "args.waited is not a boolean");
        } else if (is(key, "shared\"")) {
            flag(OpFlagShared, "args.shared is not a boolean");
        } else if (is(key, "broken\"")) {
            flag(OpFlagBroken, "args.broken is not a boolean");
        } else if (is(key, "closed\"")) {
            flag(OpFlagClosed, "args.closed is not a boolean");
        } else if (is(key, "update\"")) {
            flag(OpFlagUpdate, "args.update is not a boolean");
        } else if (is(key, "more\"")) {
            flag(OpFlagMore, "args.more is not a boolean");
        } else if (is(key, "unfinished\"")) {
            if (val.get_bool().get(a.unfinished) && !a.badArg)
                a.badArg = "args.unfinished is not a boolean";
        }
    }
}

void Reader::interpret(Fields& f, std::size_t index) {
    auto bad = [&](const std::string& what) { fail(eventName(index) + ": " + what); };
    auto quote = [](std::string_view s) {
        std::string q(1, '"');
        q.append(s);
        q += '"';
        return q;
    };
    if (f.ph.empty()) {
        if (m_ours) bad("no \"ph\"");
        if (f.anyKey) m_foreign.skip(index, f.e.byte, "no ph"); // {} is a common terminator
        return;
    }
    const char ph = f.e.ph;
    if (ph == 'M' && m_ours) {
        const OurArgs& a = ourArgs(f);
        if (f.e.name == "process_name" && a.hasArgName) {
            m_info.title = std::string(a.argName);
        } else if (f.e.name == "thread_name" && a.hasArgName) {
            if (!f.hasTid) bad("thread_name without an integer \"tid\"");
            m_builder.nameThread(m_builder.thread(f.tid), std::string(a.argName));
        }
        return;
    }
    const bool isState = ph == 'X' && f.e.cat == "state";
    const bool isOp = (ph == 'i' || ph == 'I') && f.e.cat == "sync";
    if (!isState && !isOp) {
        if (m_ours) return; // counters, flows and other tools' additions to our file
        m_foreign.add(f.e);
        return;
    }
    if (!m_ours) {
        if (!f.e.args.empty()) reparseArgs(f, index);
        if (f.e.hasTs) m_foreign.extend(f.e.hasDur && f.e.dur > 0 ? f.e.ts + f.e.dur : f.e.ts);
    }
    const OurArgs& a = ourArgs(f);
    if (a.badArg) bad(a.badArg);
    if (f.e.badTime) bad(f.e.badTime);
    if (!f.hasTid) bad("no integer \"tid\"");
    if (!f.e.hasTs) bad("no \"ts\"");
    const std::uint32_t thread = m_builder.thread(m_ours ? TraceBuilder::kNoPid : f.e.pid, f.tid);
    if (isState) {
        TraceBuilder::StateSlice sl;
        if (!parseStateName(f.e.name, sl.state) || sl.state == ThreadState::Exited)
            bad("unknown state " + quote(f.e.name));
        if (!f.e.hasDur) bad("a state slice without \"dur\"");
        if (f.e.dur < 0) bad("negative \"dur\"");
        if (a.hasReason && !parseReasonName(a.reason, sl.reason))
            bad("unknown reason " + quote(a.reason));
        if (a.value > 0xFFFFFFFFu) bad("args.value is out of range");
        sl.start = f.e.ts;
        sl.duration = f.e.dur;
        sl.value = std::uint32_t(a.value);
        sl.unfinished = a.unfinished;
        if (a.hasObject) sl.object = m_builder.object(a.object);
        m_builder.addSlice(thread, sl);
        return;
    }
    Op op;
    if (!parseOpName(f.e.name, op)) bad("unknown operation " + quote(f.e.name));
    if (!a.hasObject) bad("operation " + quote(f.e.name) + " without args.object");
    std::uint64_t value = op == Op::Put || op == Op::Get ? a.item : a.value;
    if (op == Op::Spawn || op == Op::Join) {
        // The file names the target by tid; the builder makes it a thread index. A tid
        // seen nowhere else still becomes a thread, so that the value always names one.
        if (a.value == 0 || a.value > 0xFFFFFFFFu || a.negative) bad("args.value is not a tid");
        m_builder.thread(std::int64_t(a.value));
    } else if (value > 0xFFFFFFFFu) {
        bad("args.value is out of range");
    }
    if (a.flags > 0xFF) bad("args.flags is out of range");
    m_builder.addOperation(m_builder.object(a.object), thread, f.e.ts, op, std::uint32_t(value),
                           std::uint8_t(a.opFlags | a.flags));
}

} // namespace tl::chromeread
