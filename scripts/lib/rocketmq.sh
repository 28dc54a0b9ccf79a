# Part of scripts/cluster, sourced by it: RocketMQ as its own JVMs: the jars from Maven Central, the name server, the broker groups and their slaves, the topic.
# The settings these functions read are defined there.

namesrv_address() { echo "${EXTERNAL_NAMESRV:-$BIND_ADDRESS:$NAMESRV_PORT}"; }

# The broker components, masters first: broker (group a), broker-b, and their slaves broker-slave, broker-b-slave.
broker_masters() {
    echo broker
    ((BROKER_GROUPS == 1)) || echo broker-b
}

broker_components() {
    broker_masters
    if $BROKER_SLAVES; then
        local master
        for master in $(broker_masters); do echo "$master-slave"; done
    fi
}

broker_port() {
    local port=$BROKER_PORT
    [[ $1 == broker-b* ]] && port=$((port + 10))
    [[ $1 == *-slave ]] && port=$((port + 5))
    echo "$port"
}

# RocketMQ's servers are not a Maven Central "distribution": their jars are, so Maven fetches them with
# their dependencies (ops/rocketmq/pom.xml) once, into a cache shared by every cluster of this checkout,
# and builds the project's broker main class (ops/rocketmq/src) next to them. The folder is named for
# what went into it, so a changed pom or main class makes a new one.
ensure_rocketmq_jars() {
    local sources
    sources=$(cd "$ROOT/ops/rocketmq" && find pom.xml src -type f | sort | xargs sha256sum | sha256sum | cut -c1-12)
    ROCKETMQ_LIB=$LIB_CACHE/rocketmq-$ROCKETMQ_VERSION-$sources
    [[ -f $ROCKETMQ_LIB/.complete ]] && return
    say "fetching RocketMQ $ROCKETMQ_VERSION jars through Maven (first run only)"
    rm -rf "$ROCKETMQ_LIB.partial"
    (cd "$ROOT" && ./mvnw -q -B -f ops/rocketmq/pom.xml package dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$ROCKETMQ_LIB.partial") ||
        die "could not fetch the RocketMQ jars (see Maven's output above)"
    cp "$ROOT/ops/rocketmq/target/seckill-rocketmq-broker.jar" "$ROCKETMQ_LIB.partial/"
    rm -rf "$ROCKETMQ_LIB"
    mv "$ROCKETMQ_LIB.partial" "$ROCKETMQ_LIB"
    touch "$ROCKETMQ_LIB/.complete"
}

# Fills CMD with the command line of one RocketMQ JVM (an array: the class path holds a '*').
rocketmq_command() {
    local name=$1 main=$2 logback=$3
    shift 3
    # RocketMQ wants ROCKETMQ_HOME and logs to ~/logs/rocketmqlogs: its home goes into the cluster's
    # data, its "~" into the cluster's log folder (logs/rocketmq/logs/rocketmqlogs/).
    mkdir -p "$DATA/rocketmq-home" "$LOGS/rocketmq" "$ROCKETMQ_LIB/cds"
    CMD=(env "ROCKETMQ_HOME=$DATA/rocketmq-home" "$JAVA" "${JVM_FLAGS[@]}"
        "-Xms$ROCKETMQ_HEAP" "-Xmx$ROCKETMQ_HEAP" -XX:MaxDirectMemorySize=256m
        # The classes it loaded, kept by the JVM when it exits cleanly and mapped at the next start (one
        # archive per component, next to the jars they come from): a broker restarted mid-sale on a busy
        # machine spent most of its 15-20 s loading classes.
        "-XX:SharedArchiveFile=$ROCKETMQ_LIB/cds/$name.jsa" -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off
        "-Duser.home=$LOGS/rocketmq" "-Dcluster.member=$STATE/$name"
        "-Drmq.logback.configurationFile=$logback"
        # No TLS on the remoting port (nothing here speaks it): in its default "permissive" mode each
        # server makes a self-signed certificate at start, 2 s on a quiet machine and 15-20 s on a busy
        # one, which kept a broker restarted mid-sale out of service for 35-40 s.
        -Dtls.server.mode=disabled
        -Dlogback.statusListenerClass=org.apache.rocketmq.logging.ch.qos.logback.core.status.NopStatusListener
        -cp "$ROCKETMQ_LIB/*" "$main" "$@")
}

start_namesrv() {
    [[ -n $(running_pid namesrv) ]] && return
    render "$ROOT/ops/rocketmq/namesrv.conf" "$CONF/namesrv.conf" \
        NAMESRV_PORT="$NAMESRV_PORT" BIND_ADDRESS="$BIND_ADDRESS" DATA="$DATA"
    port_open "$BIND_ADDRESS" "$NAMESRV_PORT" && die "port $NAMESRV_PORT is taken (SECKILL_CLUSTER_NAMESRV_PORT)"
    local started
    started=$(now_ms)
    rocketmq_command namesrv org.apache.rocketmq.namesrv.NamesrvStartup rmq.namesrv.logback.xml -c "$CONF/namesrv.conf"
    launch namesrv "${CMD[@]}"
    wait_until namesrv "$HEALTH_TIMEOUT" "$(<"$RUN/namesrv.pid")" port_open "$BIND_ADDRESS" "$NAMESRV_PORT"
    record_startup namesrv "$(seconds_since "$started")" "$(rss_mb "$(<"$RUN/namesrv.pid")")"
}

start_broker() {
    local name=$1
    [[ -n $(running_pid "$name") ]] && return
    local port group=a id=0 role=ASYNC_MASTER replicas=1
    port=$(broker_port "$name")
    [[ $name == broker-b* ]] && group=b
    $BROKER_SLAVES && role=SYNC_MASTER replicas=2
    [[ $name == *-slave ]] && id=1 role=SLAVE replicas=1
    render "$ROOT/ops/rocketmq/broker.conf" "$CONF/$name.conf" \
        BIND_ADDRESS="$BIND_ADDRESS" NAMESRV_ADDRESS="$(namesrv_address)" BROKER_PORT="$port" \
        BROKER_HA_PORT=$((port + 1)) STORE="$DATA/$name/store" TX_TIMEOUT_MS="$TX_TIMEOUT_MS" \
        TX_CHECK_INTERVAL_MS="$TX_CHECK_INTERVAL_MS" TX_CHECK_MAX="$TX_CHECK_MAX" \
        BROKER_NAME="seckill-broker-$group" BROKER_ID="$id" BROKER_ROLE="$role" REPLICAS="$replicas"
    local taken
    for taken in "$port" $((port - 2)) $((port + 1)); do
        port_open "$BIND_ADDRESS" "$taken" && die "port $taken is taken (SECKILL_CLUSTER_BROKER_PORT)"
    done
    local started
    started=$(now_ms)
    rocketmq_command "$name" io.seckill.ops.rocketmq.SeckillBrokerStartup rmq.broker.logback.xml -c "$CONF/$name.conf"
    launch "$name" "${CMD[@]}"
    wait_until "$name" "$HEALTH_TIMEOUT" "$(<"$RUN/$name.pid")" port_open "$BIND_ADDRESS" "$port"
    record_startup "$name" "$(seconds_since "$started")" "$(rss_mb "$(<"$RUN/$name.pid")")"
}

# The brokers and the order topic: the masters together, then their slaves together while the topic is
# created on the masters (a slave finds its master through the name server, so it starts after it).
start_rocketmq_brokers() {
    together start_broker $(broker_masters)
    local slaves=()
    if $BROKER_SLAVES; then
        local master
        for master in $(broker_masters); do slaves+=("$master-slave"); done
    fi
    together create_topic_on $(broker_masters) -- start_broker "${slaves[@]}"
}

# The order topic, created on the broker itself (not left to auto-creation, which reaches the name
# server only on the broker's next registration and would hide a misspelt topic). Idempotent.
create_topic_on() {
    local master=$1
    grep -qF "\"$ORDER_TOPIC\"" "$DATA/$master/store/config/topics.json" 2>/dev/null && return
    local started
    started=$(now_ms)
    rocketmq_command mqadmin org.apache.rocketmq.tools.command.MQAdminStartup rmq.tools.logback.xml \
        updateTopic -n "$(namesrv_address)" -b "$BIND_ADDRESS:$(broker_port "$master")" -t "$ORDER_TOPIC" \
        -r "$TOPIC_QUEUES" -w "$TOPIC_QUEUES"
    "${CMD[@]}" >>"$LOGS/mqadmin.log" 2>&1 ||
        { tail -n 20 "$LOGS/mqadmin.log" >&2; die "could not create topic $ORDER_TOPIC on $master"; }
    say "topic $ORDER_TOPIC created on $master ($TOPIC_QUEUES queues) in $(seconds_since "$started") s"
}
