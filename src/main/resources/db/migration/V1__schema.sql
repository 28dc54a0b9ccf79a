-- Users and their credentials (user feature). Passwords only as slow salted hashes.
CREATE TABLE users (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    username      VARCHAR(32)  NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    admin         BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    DATETIME(3)  NOT NULL,
    CONSTRAINT uk_users_username UNIQUE (username)
) ENGINE = InnoDB;

-- What is for sale (catalog feature).
CREATE TABLE item (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    title       VARCHAR(200)   NOT NULL,
    description VARCHAR(4000)  NOT NULL,
    image_url   VARCHAR(1000)  NOT NULL,
    price       DECIMAL(12, 2) NOT NULL,
    created_at  DATETIME(3)    NOT NULL
) ENGINE = InnoDB;

CREATE TABLE promo (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    item_id         BIGINT         NOT NULL,
    title           VARCHAR(200)   NOT NULL,
    promo_price     DECIMAL(12, 2) NOT NULL,
    start_at        DATETIME(3)    NOT NULL,
    end_at          DATETIME(3)    NOT NULL,
    per_user_limit  INT            NOT NULL,
    payment_minutes INT            NOT NULL,
    published       BOOLEAN        NOT NULL DEFAULT FALSE,
    -- the item's stock when the promo was published: the token gate is sized from it
    initial_stock   INT            NULL,
    created_at      DATETIME(3)    NOT NULL,
    CONSTRAINT fk_promo_item FOREIGN KEY (item_id) REFERENCES item (id),
    INDEX ix_promo_item_time (item_id, start_at)
) ENGINE = InnoDB;

-- The system of record for stock (stock feature). One pool per item, shared by all its promos.
CREATE TABLE item_stock (
    item_id BIGINT PRIMARY KEY,
    stock   INT NOT NULL,
    sales   INT NOT NULL DEFAULT 0,
    CONSTRAINT fk_item_stock_item FOREIGN KEY (item_id) REFERENCES item (id),
    -- the final guard: whatever the counter says, the database never goes below zero
    CONSTRAINT ck_item_stock_not_negative CHECK (stock >= 0)
) ENGINE = InnoDB;

-- One row per attempted deduction, keyed by the order id it would create.
-- INIT: the counter may have been deducted, the outcome is not known yet.
-- DONE: the order exists. ROLLED_BACK: no order, and the units went back to the counter.
-- applied_to_db: the database stock has been decremented for it (makes the consumer idempotent).
CREATE TABLE stock_log (
    order_id      BIGINT PRIMARY KEY,
    item_id       BIGINT      NOT NULL,
    promo_id      BIGINT      NOT NULL,
    user_id       BIGINT      NOT NULL,
    quantity      INT         NOT NULL,
    status        VARCHAR(12) NOT NULL,
    applied_to_db BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at    DATETIME(3) NOT NULL,
    updated_at    DATETIME(3) NOT NULL,
    INDEX ix_stock_log_status (status, created_at),
    INDEX ix_stock_log_item (item_id)
) ENGINE = InnoDB;

-- Orders (order feature). Ids are handed out in blocks by id_block, before the row exists,
-- because the order id is the key that ties the counter, the stock log and the message together.
CREATE TABLE orders (
    id           BIGINT PRIMARY KEY,
    user_id      BIGINT         NOT NULL,
    item_id      BIGINT         NOT NULL,
    promo_id     BIGINT         NOT NULL,
    quantity     INT            NOT NULL,
    unit_price   DECIMAL(12, 2) NOT NULL,
    total        DECIMAL(14, 2) NOT NULL,
    status       VARCHAR(12)    NOT NULL,
    created_at   DATETIME(3)    NOT NULL,
    pay_by       DATETIME(3)    NOT NULL,
    -- at most one live (not cancelled) order per user and promo, enforced by the database too
    live_buyer   VARCHAR(41) AS (IF(status = 'CANCELLED', NULL, CONCAT(promo_id, ':', user_id))) PERSISTENT,
    CONSTRAINT uk_orders_live_buyer UNIQUE (live_buyer),
    INDEX ix_orders_user (user_id, id),
    INDEX ix_orders_promo_status (promo_id, status)
) ENGINE = InnoDB;

CREATE TABLE id_block (
    name    VARCHAR(32) PRIMARY KEY,
    next_id BIGINT NOT NULL
) ENGINE = InnoDB;

INSERT INTO id_block (name, next_id) VALUES ('orders', 1);
