package io.seckill.user;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registration and password checks. Passwords are kept only as BCrypt hashes (salted, deliberately
 * slow); an unknown username costs the same hash as a wrong password, so timing reveals nothing.
 */
@Component
public class UserAccounts {

    private static final BCryptPasswordEncoder SLOW = new BCryptPasswordEncoder(10);
    /** For load-test users only: still salted BCrypt, but cheap enough to create thousands. */
    private static final BCryptPasswordEncoder CHEAP = new BCryptPasswordEncoder(4);
    private static final String DUMMY_HASH = SLOW.encode("no such user, same cost");

    private final JdbcClient jdbc;

    UserAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty if the username is taken. */
    public Optional<CurrentUser> register(String username, String password, boolean admin) {
        try {
            long id = insert(username, SLOW.encode(password), admin);
            return Optional.of(new CurrentUser(id, username, admin));
        } catch (DuplicateKeyException taken) {
            return Optional.empty();
        }
    }

    public Optional<CurrentUser> authenticate(String username, String password) {
        var found = jdbc.sql("SELECT id, username, password_hash, admin FROM users WHERE username = ?")
                .param(username)
                .query((rs, n) -> new StoredUser(new CurrentUser(rs.getLong(1), rs.getString(2), rs.getBoolean(4)),
                        rs.getString(3)))
                .optional();
        if (found.isEmpty()) {
            SLOW.matches(password, DUMMY_HASH);
            return Optional.empty();
        }
        return SLOW.matches(password, found.get().passwordHash()) ? Optional.of(found.get().user()) : Optional.empty();
    }

    public Optional<CurrentUser> find(long id) {
        return jdbc.sql("SELECT id, username, admin FROM users WHERE id = ?")
                .param(id)
                .query((rs, n) -> new CurrentUser(rs.getLong(1), rs.getString(2), rs.getBoolean(3)))
                .optional();
    }

    public Optional<CurrentUser> findByUsername(String username) {
        return jdbc.sql("SELECT id, username, admin FROM users WHERE username = ?")
                .param(username)
                .query((rs, n) -> new CurrentUser(rs.getLong(1), rs.getString(2), rs.getBoolean(3)))
                .optional();
    }

    public boolean anyAdmin() {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE admin = TRUE").query(Long.class).single() > 0;
    }

    /** Creates many buyers at once with a cheap hash; usernames already taken are skipped. */
    @Transactional
    public List<CurrentUser> registerBuyersCheaply(List<String> usernames, String password) {
        var hash = CHEAP.encode(password);
        var created = new ArrayList<CurrentUser>(usernames.size());
        for (var username : usernames) {
            try {
                created.add(new CurrentUser(insert(username, hash, false), username, false));
            } catch (DuplicateKeyException taken) {
                // keep going: a rerun of a load test reuses its prefix
            }
        }
        return created;
    }

    private long insert(String username, String hash, boolean admin) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO users (username, password_hash, admin, created_at) VALUES (?, ?, ?, ?)")
                .params(username, hash, admin, Timestamp.from(Instant.now()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    private record StoredUser(CurrentUser user, String passwordHash) {
    }
}
