namespace HarvestOData.Harvest.RateLimiting.Postgres;

/// <summary>
/// The shared gate's tables and functions in schema <c>harvest_rate</c>: one row per Harvest account (hold, learned
/// budget, probe state) and a log of granted calls. Each decision is one function call that locks the account's row
/// first (<c>SELECT … FOR UPDATE</c>), so the decisions of every node on one account happen one after another and the
/// count a grant is based on is the count at that moment. The rules are those of the in-process gate
/// (<see cref="RateGate"/>): a sliding log measured from each call's answer, a hold that only grows, a lone probe after
/// a hold, calls beyond what Harvest proved it accepts going alone, a budget that shrinks on a refusal it allowed.
/// </summary>
internal static class PostgresRateGateSchema
{
    public const string Schema = "harvest_rate";

    /// <summary>Idempotent; run under an advisory lock so two nodes starting together do not race on the catalog.</summary>
    public const string Install = """
        CREATE SCHEMA IF NOT EXISTS harvest_rate;

        CREATE TABLE IF NOT EXISTS harvest_rate.account (
            account text PRIMARY KEY,
            blocked_until timestamptz,          -- Retry-After hold of every node; null: never held
            budget int NOT NULL,                -- calls per window, lowered when Harvest refuses one it allowed
            known int NOT NULL,                 -- calls per window Harvest has proved it accepts; beyond it calls go alone
            probe boolean NOT NULL DEFAULT false, -- after a hold the next call goes alone
            next_trial timestamptz,             -- when a lone call above a lowered budget may test for more; null: never
            trial_backoff interval NOT NULL,
            interactive_until timestamptz       -- an interactive caller asked within the last window: keep its reserve
        );

        CREATE TABLE IF NOT EXISTS harvest_rate.call (
            id bigserial PRIMARY KEY,
            account text NOT NULL,
            kind smallint NOT NULL,             -- 0 general, 1 reports/*, 2 token check
            interactive boolean NOT NULL,
            node text NOT NULL,
            granted_at timestamptz NOT NULL,
            answered_at timestamptz,
            general_until timestamptz NOT NULL, -- counts in the general window until then (a window after its answer)
            extra_until timestamptz NOT NULL,   -- counts in its own budget's window until then
            lone boolean NOT NULL,
            lone_count int NOT NULL,            -- calls in the window, this one included, when it was granted
            probe boolean NOT NULL,
            trial boolean NOT NULL,
            throttled boolean NOT NULL DEFAULT false
        );
        CREATE INDEX IF NOT EXISTS call_account_general ON harvest_rate.call (account, general_until);

        CREATE OR REPLACE FUNCTION harvest_rate.set_budget(a harvest_rate.account, b int, p_requests int)
        RETURNS harvest_rate.account LANGUAGE plpgsql AS $$
        BEGIN
            a.budget := LEAST(GREATEST(b, GREATEST(1, p_requests / 10)), p_requests);
            a.known := LEAST(a.known, a.budget);
            RETURN a;
        END $$;

        CREATE OR REPLACE FUNCTION harvest_rate.take(p_account text, p_kind smallint, p_interactive boolean, p_node text,
            p_now timestamptz, p_requests int, p_window interval, p_reports int, p_reports_window interval,
            p_token_share float8, p_reserve_share float8, p_in_flight interval, p_relearn interval)
        RETURNS TABLE (call_id bigint, wake_at timestamptz, general_full boolean, blocked timestamptz, budget int)
        LANGUAGE plpgsql AS $$
        #variable_conflict use_column
        DECLARE
            a harvest_rate.account;
            n int; flying int; lim int; extra_n int; extra_lim int;
            trial boolean := false; alone boolean; wake timestamptz; granted bigint;
        BEGIN
            INSERT INTO harvest_rate.account AS t (account, budget, known, trial_backoff)
            VALUES (p_account, p_requests, p_requests, p_relearn) ON CONFLICT (account) DO NOTHING;
            SELECT * INTO a FROM harvest_rate.account t WHERE t.account = p_account FOR UPDATE;
            IF p_interactive AND (a.interactive_until IS NULL OR a.interactive_until < p_now + p_window) THEN
                a.interactive_until := p_now + p_window;
                UPDATE harvest_rate.account t SET interactive_until = a.interactive_until WHERE t.account = p_account;
            END IF;
            IF p_now < a.blocked_until THEN
                RETURN QUERY SELECT NULL::bigint, a.blocked_until, true, a.blocked_until, a.budget;
                RETURN;
            END IF;
            -- A short history stays for whoever looks; older rows go.
            DELETE FROM harvest_rate.call c WHERE c.account = p_account
                AND c.general_until < p_now - interval '5 minutes' AND c.extra_until < p_now - interval '5 minutes';
            SELECT count(*), count(*) FILTER (WHERE c.answered_at IS NULL) INTO n, flying
            FROM harvest_rate.call c WHERE c.account = p_account AND c.general_until > p_now;
            lim := a.budget;
            IF NOT p_interactive AND a.interactive_until > p_now AND p_reserve_share > 0 THEN
                lim := a.budget - GREATEST(1, floor(a.budget * p_reserve_share)::int);
            END IF;
            IF n >= lim THEN
                trial := lim = a.budget AND a.budget < p_requests AND NOT a.probe AND flying = 0
                    AND COALESCE(p_now >= a.next_trial, false);
                IF NOT trial THEN
                    -- The (n - lim + 1)-th answered call to leave the window frees the slot; a call in flight frees
                    -- nothing until it is answered, maybe on another node (null: ask again soon).
                    SELECT c.general_until INTO wake FROM harvest_rate.call c
                    WHERE c.account = p_account AND c.general_until > p_now AND c.answered_at IS NOT NULL
                    ORDER BY c.general_until OFFSET (n - lim) LIMIT 1;
                    RETURN QUERY SELECT NULL::bigint, wake, true, a.blocked_until, a.budget;
                    RETURN;
                END IF;
            END IF;
            alone := trial OR a.probe OR n >= a.known;
            IF alone AND flying > 0 THEN
                RETURN QUERY SELECT NULL::bigint, NULL::timestamptz, true, a.blocked_until, a.budget;
                RETURN;
            END IF;
            IF p_kind <> 0 THEN
                IF p_kind = 1 THEN
                    SELECT count(*) INTO extra_n FROM harvest_rate.call c WHERE c.account = p_account AND c.kind = 1 AND c.extra_until > p_now;
                    extra_lim := p_reports;
                ELSE
                    SELECT count(*) INTO extra_n FROM harvest_rate.call c WHERE c.account = p_account AND c.kind = 2 AND c.extra_until > p_now;
                    extra_lim := GREATEST(1, floor(a.budget * p_token_share)::int);
                END IF;
                IF extra_n >= extra_lim THEN
                    SELECT c.extra_until INTO wake FROM harvest_rate.call c
                    WHERE c.account = p_account AND c.kind = p_kind AND c.extra_until > p_now AND c.answered_at IS NOT NULL
                    ORDER BY c.extra_until OFFSET (extra_n - extra_lim) LIMIT 1;
                    RETURN QUERY SELECT NULL::bigint, wake, false, a.blocked_until, a.budget;
                    RETURN;
                END IF;
            END IF;
            -- Until it is answered a call counts for p_in_flight more than a window: a node killed mid-call never
            -- answers, and its call must still leave the window some time.
            INSERT INTO harvest_rate.call (account, kind, interactive, node, granted_at, general_until, extra_until,
                                           lone, lone_count, probe, trial)
            VALUES (p_account, p_kind, p_interactive, p_node, p_now, p_now + p_in_flight + p_window,
                    p_now + p_in_flight + CASE WHEN p_kind = 1 THEN p_reports_window ELSE p_window END,
                    alone, n + 1, alone AND a.probe, trial)
            RETURNING id INTO granted;
            RETURN QUERY SELECT granted, NULL::timestamptz, false, a.blocked_until, a.budget;
        END $$;

        -- Until 2026-12 answers were reported together at one time; each now counts from its own answer.
        DROP FUNCTION IF EXISTS harvest_rate.complete(text, bigint[], timestamptz, int, interval, interval);

        CREATE OR REPLACE FUNCTION harvest_rate.complete(p_account text, p_calls bigint[], p_answered timestamptz[],
            p_requests int, p_window interval, p_reports_window interval)
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            a harvest_rate.account;
            c record;
        BEGIN
            SELECT * INTO a FROM harvest_rate.account t WHERE t.account = p_account FOR UPDATE;
            IF NOT FOUND THEN
                RETURN;
            END IF;
            FOR c IN
                UPDATE harvest_rate.call k SET answered_at = u.at, general_until = u.at + p_window,
                    extra_until = u.at + CASE WHEN k.kind = 1 THEN p_reports_window ELSE p_window END
                FROM unnest(p_calls, p_answered) AS u(id, at)
                WHERE k.account = p_account AND k.id = u.id AND k.answered_at IS NULL
                RETURNING k.lone, k.lone_count, k.throttled, k.trial, u.at
            LOOP
                IF c.lone AND NOT c.throttled THEN
                    -- Harvest accepted the lone call: that many calls may go together from now on.
                    a.probe := false;
                    a.known := GREATEST(a.known, LEAST(c.lone_count, p_requests));
                    IF a.known > a.budget THEN
                        a := harvest_rate.set_budget(a, a.known, p_requests);
                    END IF;
                    IF c.trial THEN
                        a.next_trial := CASE WHEN a.budget < p_requests THEN c.at ELSE NULL END;
                    END IF;
                END IF;
            END LOOP;
            UPDATE harvest_rate.account t SET probe = a.probe, known = a.known, budget = a.budget, next_trial = a.next_trial
            WHERE t.account = p_account;
        END $$;

        CREATE OR REPLACE FUNCTION harvest_rate.throttle(p_account text, p_call bigint, p_now timestamptz, p_hold interval,
            p_requests int, p_relearn interval)
        RETURNS timestamptz LANGUAGE plpgsql AS $$
        DECLARE
            a harvest_rate.account;
            c harvest_rate.call;
            fresh boolean;
            answered int;
        BEGIN
            INSERT INTO harvest_rate.account AS t (account, budget, known, trial_backoff)
            VALUES (p_account, p_requests, p_requests, p_relearn) ON CONFLICT (account) DO NOTHING;
            SELECT * INTO a FROM harvest_rate.account t WHERE t.account = p_account FOR UPDATE;
            fresh := a.blocked_until IS NULL OR p_now >= a.blocked_until;
            a.blocked_until := GREATEST(a.blocked_until, p_now + p_hold);
            a.probe := true;
            SELECT * INTO c FROM harvest_rate.call k WHERE k.id = p_call AND k.account = p_account;
            IF FOUND AND c.lone AND c.answered_at IS NULL THEN
                UPDATE harvest_rate.call k SET throttled = true WHERE k.id = p_call;
                -- A probe refused means the hold outlasted Retry-After, nothing about the budget; any other lone call
                -- was the lone_count-th in the window, so Harvest allows fewer than that.
                IF NOT c.probe THEN
                    a := harvest_rate.set_budget(a, LEAST(a.budget, c.lone_count - 1), p_requests);
                END IF;
                IF c.trial THEN
                    a.trial_backoff := LEAST(a.trial_backoff * 2, p_relearn * 16);
                    a.next_trial := p_now + a.trial_backoff;
                END IF;
            ELSIF fresh AND FOUND THEN
                -- Harvest refused a call the budget allowed: shrink to what it surely took, but at most halve at once.
                SELECT count(*) INTO answered FROM harvest_rate.call k
                WHERE k.account = p_account AND k.answered_at IS NOT NULL AND k.general_until > p_now;
                a := harvest_rate.set_budget(a, LEAST(a.budget - 1, GREATEST(answered, a.budget / 2)), p_requests);
                a.known := 0;
                a.trial_backoff := p_relearn;
                a.next_trial := p_now + p_relearn;
            END IF;
            UPDATE harvest_rate.account t SET blocked_until = a.blocked_until, probe = a.probe, budget = a.budget, known = a.known,
                next_trial = a.next_trial, trial_backoff = a.trial_backoff
            WHERE t.account = p_account;
            RETURN a.blocked_until;
        END $$;
        """;
}
