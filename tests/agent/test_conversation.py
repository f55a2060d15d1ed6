"""The agent in text mode (AgentSession.run + result.expect): every tool path, the seed's
experiments and drive-thru style cases, with the offline LLM and a real SQLite store."""

from __future__ import annotations

from agent.store import OrderStore
from tests.agent.conftest import Conversation, calls_of, open_conversation, reply_text
from tests.menus import second


async def test_phrasings_add_items(conversation: Conversation) -> None:
    for phrase in (
        "I'd like a cheeseburger",
        "Can I get a cheeseburger?",
        "add a cheeseburger to my order",
        "one cheeseburger please",
    ):
        result = await conversation.say(phrase)
        result.expect.next_event().is_function_call(
            name="add_item_to_order", arguments={"item_name": "cheeseburger", "quantity": 1}
        )
        result.expect.next_event().is_function_call_output(is_error=False)
        result.expect.next_event().is_message(role="assistant")
        result.expect.no_more_events()
    assert [(line.item_id, line.quantity) for line in conversation.desk.cart.lines] == [
        ("cheeseburger", 4)
    ]


async def test_the_headline_order(conversation: Conversation) -> None:
    result = await conversation.say("two cheeseburgers, one without onions, and a large coke")
    assert calls_of(result) == [
        ("add_item_to_order", {"item_name": "cheeseburger", "quantity": 1}),
        (
            "add_item_to_order",
            {"item_name": "cheeseburger", "quantity": 1, "modifiers": ["no_onions"]},
        ),
        ("add_item_to_order", {"item_name": "coke", "quantity": 1, "size": "large"}),
    ]
    lines = conversation.desk.cart.lines
    assert [line.describe() for line in lines] == [
        "1 Cheeseburger",
        "1 Cheeseburger (no onions)",
        "1 large Coke",
    ]
    assert conversation.desk.cart.total_cents == 2389
    text = reply_text(result)
    assert "$23.89" in text and text.endswith("Anything else?")


async def test_unknown_item_is_refused_and_nothing_changes(conversation: Conversation) -> None:
    result = await conversation.say("I'd like a pizza")
    assert calls_of(result) == []
    assert "don't have a pizza" in reply_text(result)
    assert conversation.desk.cart.is_empty


async def test_viewing_an_empty_order(conversation: Conversation) -> None:
    result = await conversation.say("what's in my order?")
    result.expect.next_event().is_function_call(name="view_current_order")
    result.expect.next_event().is_function_call_output(output="Your order is currently empty.")
    assert reply_text(result) == "Your order is currently empty."


async def test_placing_an_empty_order_is_refused(conversation: Conversation) -> None:
    result = await conversation.say("place my order")
    assert calls_of(result) == []
    assert "empty" in reply_text(result)
    assert conversation.desk.last_order is None


async def test_place_after_confirmation_then_view_is_empty(
    conversation: Conversation, store: OrderStore
) -> None:
    await conversation.say("a veggie burger and a small fries")
    read_back = await conversation.say("that's all")
    assert reply_text(read_back).endswith("Shall I place the order?")
    assert not conversation.desk.cart.is_empty, "placed without confirmation"
    placed = await conversation.say("yes")
    placed.expect.next_event().is_function_call(name="place_order")
    order = conversation.desk.last_order
    assert order is not None and f"order number is {order.order_number}" in reply_text(placed)
    stored = await store.order(order.business_date, order.order_number)
    assert stored is not None and [line.item_id for line in stored.lines] == [
        "veggie_burger",
        "fries",
    ]
    viewed = await conversation.say("what's in my order")
    assert reply_text(viewed) == "Your order is currently empty."


async def test_declining_the_read_back_does_not_place(conversation: Conversation) -> None:
    await conversation.say("a coffee")
    await conversation.say("that's it")
    result = await conversation.say("no, wait")
    assert calls_of(result) == []
    assert "change" in reply_text(result)
    assert conversation.desk.last_order is None
    assert not conversation.desk.confirmed


async def test_a_question_at_the_read_back_is_answered_then_the_order_read_back_again(
    conversation: Conversation,
) -> None:
    await conversation.say("a coffee")
    await conversation.say("that's it")
    asked = await conversation.say("hang on, does that include tax?")
    text = reply_text(asked)
    assert text.startswith("The menu prices are before tax; the total I tell you includes the")
    assert "8.75 percent" in text and text.endswith("Shall I place the order?")
    assert conversation.desk.last_order is None
    placed = await conversation.say("yes")
    assert ("place_order", {}) in calls_of(placed)
    assert conversation.desk.last_order is not None


async def test_asking_whether_an_ordered_item_can_be_changed_changes_it(
    conversation: Conversation,
) -> None:
    await conversation.say("a cheeseburger")
    result = await conversation.say("can the cheeseburger come without onions?")
    assert [name for name, _ in calls_of(result)] == ["change_item"]
    assert [line.describe() for line in conversation.desk.cart.lines] == [
        "1 Cheeseburger (no onions)"
    ]
    # of an item not ordered, the same words are a question about it
    asked = await conversation.say("can the veggie burger come without cheese?")
    assert [name for name, _ in calls_of(asked)] == ["get_item_details"]


async def test_missing_size_is_asked_for_then_used(conversation: Conversation) -> None:
    asked = await conversation.say("can I get a coke")
    asked.expect.next_event().is_function_call(name="add_item_to_order")
    asked.expect.next_event().is_function_call_output(is_error=True)
    assert "What size would you like for the Coke" in reply_text(asked)
    answered = await conversation.say("large please")
    answered.expect.next_event().is_function_call(
        name="add_item_to_order", arguments={"item_name": "coke", "size": "large"}
    )
    assert [line.describe() for line in conversation.desk.cart.lines] == ["1 large Coke"]


async def test_sold_out_item_is_refused(conversation: Conversation) -> None:
    result = await conversation.say("I'll have the lobster roll")
    result.expect.next_event().is_function_call(name="add_item_to_order")
    result.expect.next_event().is_function_call_output(is_error=True)
    assert "sold out" in reply_text(result)
    assert conversation.desk.cart.is_empty


async def test_keychup_two_of_an_item_and_removing_what_was_added(
    conversation: Conversation,
) -> None:
    await conversation.say("can I get some keychup")
    assert [line.item_id for line in conversation.desk.cart.lines] == ["ketchup"]
    await conversation.say("two fish tacos")
    assert conversation.desk.cart.lines[-1].quantity == 2
    removed = await conversation.say("remove the fish tacos")
    removed.expect.next_event().is_function_call(name="remove_item")
    assert [line.item_id for line in conversation.desk.cart.lines] == ["ketchup"]


async def test_a_whole_name_with_one_letter_misheard_beats_a_word_of_another_name(
    conversation: Conversation,
) -> None:
    # whisper heard "two chicken rings"; "rings" alone is the onion rings' name
    await conversation.say("Two chicken rings.")
    assert [(line.item_id, line.quantity) for line in conversation.desk.cart.lines] == [
        ("chicken_wings", 2)
    ]
    await conversation.say("and some rings")
    assert conversation.desk.cart.lines[-1].item_id == "onion_rings"


async def test_quantity_changes(conversation: Conversation) -> None:
    await conversation.say("a chocolate shake")
    result = await conversation.say("make that three")
    result.expect.next_event().is_function_call(
        name="update_quantity", arguments={"item_name": "Chocolate Milkshake", "quantity": 3}
    )
    assert conversation.desk.cart.lines[0].quantity == 3
    await conversation.say("change the chocolate shake to 2")
    assert conversation.desk.cart.lines[0].quantity == 2


async def test_ambiguous_item_asks_which_one(conversation: Conversation) -> None:
    asked = await conversation.say("I want a burger")
    assert reply_text(asked).startswith("Which one would you like: the ")
    assert conversation.desk.cart.is_empty
    await conversation.say("the veggie burger")
    assert [line.item_id for line in conversation.desk.cart.lines] == ["veggie_burger"]


async def test_menu_questions_speak_plain_text(conversation: Conversation) -> None:
    overview = await conversation.say("what's on the menu?")
    overview.expect.next_event().is_function_call(
        name="get_menu_items", arguments={"category": "all"}
    )
    drinks = await conversation.say("what drinks do you have")
    drinks.expect.next_event().is_function_call(
        name="get_menu_items", arguments={"category": "drinks"}
    )
    details = await conversation.say("what comes on the cheeseburger?")
    details.expect.next_event().is_function_call(name="get_item_details")
    vegan = await conversation.say("do you have anything vegan?")
    vegan.expect.next_event().is_function_call(name="find_items", arguments={"need": "vegan"})
    for result in (overview, drinks, details, vegan):
        text = reply_text(result)
        assert text and not any(mark in text for mark in ("*", "#", "\n-", "`"))
    assert "Veggie Burger" in reply_text(vegan) and "Cheeseburger" not in reply_text(vegan)
    assert "$9.49" in reply_text(details) and "dairy" in reply_text(details)


async def test_name_and_cancel(conversation: Conversation) -> None:
    named = await conversation.say("my name is Priya")
    named.expect.next_event().is_function_call(
        name="set_customer_name", arguments={"name": "Priya"}
    )
    await conversation.say("a lemonade")
    cancelled = await conversation.say("cancel my order")
    cancelled.expect.next_event().is_function_call(name="cancel_order")
    assert conversation.desk.cart.is_empty
    await conversation.say("a coffee")
    await conversation.say("that's all")
    await conversation.say("yes")
    order = conversation.desk.last_order
    assert order is not None and order.customer_name == "Priya"
    assert [line.item_id for line in order.lines] == ["coffee"]


async def test_two_sessions_never_share_a_cart(store: OrderStore) -> None:
    from tests.menus import bundled

    async with (
        open_conversation(bundled(), store) as first,
        open_conversation(bundled(), store) as other,
    ):
        await first.say("a cheeseburger")
        await other.say("a coffee")
        assert [line.item_id for line in first.desk.cart.lines] == ["cheeseburger"]
        assert [line.item_id for line in other.desk.cart.lines] == ["coffee"]


async def test_works_with_another_menu(store: OrderStore) -> None:
    async with open_conversation(second(), store) as convo:
        await convo.say("two al pastor tacos, one without cilantro, and a large horchata")
        assert [line.describe() for line in convo.desk.cart.lines] == [
            "1 Al Pastor Taco",
            "1 Al Pastor Taco (no cilantro)",
            "1 large Horchata",
        ]
        result = await convo.say("I'd like a cheeseburger")
        assert "don't have" in reply_text(result)


async def test_an_unsure_recognition_is_confirmed_before_anything_changes(
    conversation: Conversation,
) -> None:
    conversation.desk.note_heard("Can I get a lemonade?", 0.42)
    asked = await conversation.say("Can I get a lemonade?")
    assert calls_of(asked) == []
    assert reply_text(asked) == "Did you say a Fresh Lemonade?"
    assert conversation.desk.cart.is_empty
    confirmed = await conversation.say("yes")
    assert [name for name, _ in calls_of(confirmed)] == ["add_item_to_order"]
    assert [line.item_id for line in conversation.desk.cart.lines] == ["lemonade"]
    conversation.desk.note_heard("and a coke a cola", 0.3)
    await conversation.say("and a coke a cola")
    declined = await conversation.say("no")
    assert "What would you like" in reply_text(declined)
    assert [line.item_id for line in conversation.desk.cart.lines] == ["lemonade"]
    conversation.desk.note_heard("a large coke", 0.93)
    sure = await conversation.say("a large coke")
    assert [name for name, _ in calls_of(sure)] == ["add_item_to_order"]


async def test_done_after_an_unsure_question_reads_back_with_what_was_heard(
    conversation: Conversation,
) -> None:
    """ "Did you say a Ketchup?" … "that's all": in the read-back, where a yes is still needed."""
    await conversation.say("a classic burger")
    conversation.desk.note_heard("and some ketchup please", 0.55)
    asked = await conversation.say("and some ketchup please")
    assert reply_text(asked) == "Did you say a Ketchup?"
    done = await conversation.say("that's all")
    assert [name for name, _ in calls_of(done)] == ["add_item_to_order", "review_order"]
    assert [ln.item_id for ln in conversation.desk.cart.lines] == ["classic_burger", "ketchup"]
    assert "Shall I place the order?" in reply_text(done)
    assert conversation.desk.cart.lines  # not placed: the cart is still open


async def test_an_answer_to_our_own_question_is_not_asked_back(
    conversation: Conversation,
) -> None:
    """ "What size?" … "a small": one of the choices offered, however unsure the recogniser."""
    await conversation.say("a sprite")
    conversation.desk.note_heard("a small sprite", 0.42)
    answered = await conversation.say("a small sprite")
    assert [name for name, _ in calls_of(answered)] == ["add_item_to_order"]
    assert [line.describe() for line in conversation.desk.cart.lines] == ["1 small Sprite"]
