# Part of scripts/cluster, sourced by it: the cluster's own MariaDB (optional): a primary, its semi-synchronous replica, the promotion, the link the nodes connect through.
# The settings these functions read are defined there.

db_port() { [[ $1 == db1 ]] && echo "$OWN_DB_PORT" || echo $((OWN_DB_PORT + 1)); }

# Which server is the primary now: db1 until `db-promote` makes it db2.
db_primary() { cat "$STATE/db-primary" 2>/dev/null || echo db1; }

db_sql() {
    local name=$1
    shift
    mariadb --no-defaults --socket="$DATA/$name/mariadb.sock" -u root -N -B -e "$*"
}

db_answers() { db_sql "$1" "SELECT 1" >/dev/null 2>&1; }

start_db_server() {
    local name=$1 id=2 read_only=ON
    [[ -z $(running_pid "$name") ]] || return 0
    local dir=$DATA/$name port
    port=$(db_port "$name")
    port_open "$BIND_ADDRESS" "$port" && die "port $port is taken (SECKILL_CLUSTER_OWN_DB_PORT)"
    [[ $name == "$(db_primary)" ]] && read_only=OFF
    [[ $name == db1 ]] && id=1
    local started
    started=$(now_ms)
    if [[ ! -d $dir/mysql ]]; then
        mkdir -p "$dir"
        mariadb-install-db --no-defaults --datadir="$dir" --user="$(id -un)" --auth-root-authentication-method=normal \
            --skip-test-db >>"$LOGS/$name.log" 2>&1 || die "mariadb-install-db failed for $name; see $LOGS/$name.log"
    fi
    # Row-based binary log with GTIDs on both, so that either can be the primary. A commit on the primary
    # waits for the replica to have it in its relay log (AFTER_SYNC: nothing a client saw committed is
    # missing on the replica) for at most rpl_semi_sync_master_timeout, then goes on without it.
    launch "$name" mariadbd --no-defaults --datadir="$dir" --port="$port" --bind-address="$BIND_ADDRESS" \
        --socket="$dir/mariadb.sock" --pid-file="$dir/mariadbd.pid" --user="$(id -un)" --server-id="$id" \
        --log-bin="$dir/binlog" --binlog-format=ROW --log-slave-updates --relay-log="$dir/relay" \
        --relay-log-recovery=ON --gtid-strict-mode=ON --read-only="$read_only" \
        --rpl-semi-sync-master-enabled="$($DB_REPLICA && [[ $name == db1 && $(db_primary) == db1 ]] && echo ON || echo OFF)" \
        --rpl-semi-sync-master-wait-point=AFTER_SYNC --rpl-semi-sync-master-timeout=10000 \
        --rpl-semi-sync-slave-enabled=ON --innodb-buffer-pool-size=64M --max-connections=300 \
        --log-error="$LOGS/$name-error.log"
    wait_until "$name" "$HEALTH_TIMEOUT" "$(<"$RUN/$name.pid")" db_answers "$name"
    # The nodes and checks connect over TCP as root without a password (a local test topology only); not
    # written to the binary log, so the replica's own grant tables stay its own.
    db_sql "$name" "SET sql_log_bin = 0; CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
        GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION"
    record_startup "$name" "$(seconds_since "$started")" "$(rss_mb "$(<"$RUN/$name.pid")")"
}

start_own_db() {
    [[ -n $OWN_DB_PORT ]] || return 0
    ensure_package mariadbd mariadb-server
    local primary
    primary=$(db_primary)
    start_db_server "$primary"
    if $DB_REPLICA && [[ $primary == db1 ]]; then
        start_db_server db2
        if [[ -z $(db_sql db2 "SHOW SLAVE STATUS") ]]; then
            db_sql db2 "CHANGE MASTER TO MASTER_HOST='$BIND_ADDRESS', MASTER_PORT=$(db_port db1), MASTER_USER='root',
                MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos; START SLAVE"
        fi
        db_sql db2 "START SLAVE" 2>/dev/null || true
        wait_until db2 "$HEALTH_TIMEOUT" "$(<"$RUN/db2.pid")" db_replica_streaming
        say "db2 replicates db1 (semi-synchronous)"
    elif [[ $primary == db2 ]]; then
        say "db2 is the primary since a promotion; db1 stays retired (down and up --fresh build a new pair)"
    fi
}

db_replica_streaming() {
    [[ $(db_sql db1 "SHOW STATUS LIKE 'Rpl_semi_sync_master_clients'" 2>/dev/null | cut -f2) -ge 1 ]]
}

# The replica takes over from a dead primary: everything it received is applied, then it stops replicating,
# takes writes, and the relay sends the nodes' new connections to it (their old ones break and reconnect).
cmd_db_promote() {
    [[ -n $OWN_DB_PORT ]] || die "db-promote: only for the cluster's own database (SECKILL_CLUSTER_OWN_DB_PORT)"
    [[ $(db_primary) == db1 ]] || die "db-promote: db2 is the primary already"
    [[ -n $(running_pid db2) ]] || die "db-promote: the replica db2 is not running"
    [[ -z $(running_pid db1) ]] || die "db-promote: db1 still runs; stop it first (stop db1 --kill): two primaries would split the data"
    local started
    started=$(now_ms)
    db_sql db2 "STOP SLAVE IO_THREAD"
    wait_until db2 60 "$(<"$RUN/db2.pid")" db_relay_applied
    db_sql db2 "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = OFF"
    echo db2 >"$STATE/db-primary"
    stop_component db-link TERM 5
    start_db_link
    say "db2 promoted to primary in $(seconds_since "$started") s (GTID $(db_sql db2 "SELECT @@gtid_current_pos"))"
}

# Everything the replica received from the dead primary is applied.
db_relay_applied() {
    local status
    status=$(mariadb --no-defaults --socket="$DATA/db2/mariadb.sock" -u root -e "SHOW SLAVE STATUS\G")
    [[ $(awk '/ Slave_SQL_Running_State:/ {$1=""; print}' <<<"$status") == *"read all relay log"* ]] ||
        [[ $(awk '/ Slave_SQL_Running:/ {print $2}' <<<"$status") == No ]]
}

start_db_link() {
    [[ -n $DB_LINK_PORT && -z $(running_pid db-link) ]] || return 0
    ensure_package socat socat
    port_open "$BIND_ADDRESS" "$DB_LINK_PORT" && die "port $DB_LINK_PORT is taken (SECKILL_CLUSTER_DB_LINK_PORT)"
    # exec -a puts the cluster's folder into the command line, which is how is_ours knows the process.
    # socat forks a child per connection, all in the session setsid gives it: stop signals the group.
    local host=$DB_HOST port=$DB_PORT
    [[ -z $OWN_DB_PORT ]] || port=$(db_port "$(db_primary)")
    launch db-link bash -c 'exec -a "$0" socat "$@"' "$STATE/db-link" \
        "TCP-LISTEN:$DB_LINK_PORT,bind=$BIND_ADDRESS,fork,reuseaddr" "TCP:$host:$port"
    wait_until db-link "$HEALTH_TIMEOUT" "$(<"$RUN/db-link.pid")" port_open "$BIND_ADDRESS" "$DB_LINK_PORT"
    say "db-link: nodes reach $host:$port through $BIND_ADDRESS:$DB_LINK_PORT"
}
