// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";

import {Kith} from "../../../contracts/Kith.sol";
import {KithChannels} from "../../../contracts/KithChannels.sol";
import {KithModeration} from "../../../contracts/KithModeration.sol";
import {IKithChannels} from "../../../contracts/interfaces/IKithChannels.sol";
import {IKithOwnedIds} from "../../../contracts/interfaces/IKithOwnedIds.sol";
import {OwnedIdsHandler} from "./handlers/OwnedIdsHandler.sol";

/// @notice Ownership of lists and channels only changes through `acceptOwnership` by the pending
///         owner, whatever else random actors call: checked on both contracts that hold ids.
abstract contract KithOwnedIdsInvariantTest is Test {
    uint256 internal constant IDS = 3;

    OwnedIdsHandler internal handler;
    address[] internal actors;

    /// @dev Creates `IDS` ids on the contract under test, owned by `actors[0..IDS)`; returns the
    ///      contract and the other calls `poke` may send.
    function _deploy(Kith kith) internal virtual returns (IKithOwnedIds owned, uint256[] memory ids, bytes[] memory pokes);

    function setUp() public {
        for (uint256 i; i < 5; ++i) {
            actors.push(makeAddr(string.concat("actor", vm.toString(i))));
        }
        (IKithOwnedIds owned, uint256[] memory ids, bytes[] memory pokes) = _deploy(new Kith());
        handler = new OwnedIdsHandler(owned, ids, actors, pokes);

        bytes4[] memory selectors = new bytes4[](3);
        selectors[0] = OwnedIdsHandler.offer.selector;
        selectors[1] = OwnedIdsHandler.accept.selector;
        selectors[2] = OwnedIdsHandler.poke.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function invariant_OwnerOnlyChangesByAccept() public view {
        assertEq(handler.ownerChangesOutsideAccept(), 0, "an owner changed outside acceptOwnership");
        assertEq(handler.mismatches(), 0, "a call did not do what the model predicts");
    }

    function invariant_OwnersMatchModel() public view {
        IKithOwnedIds owned = handler.owned();
        for (uint256 i; i < handler.idCount(); ++i) {
            uint256 id = handler.ids(i);
            assertEq(owned.ownerOf(id), handler.ghostOwner(id), "ownerOf");
            assertEq(owned.pendingOwnerOf(id), handler.ghostPending(id), "pendingOwnerOf");
            assertTrue(owned.ownerOf(id) != address(0), "an id lost its owner");
        }
    }
}

contract KithModerationOwnedIdsInvariantTest is KithOwnedIdsInvariantTest {
    function _deploy(Kith kith) internal override returns (IKithOwnedIds, uint256[] memory ids, bytes[] memory pokes) {
        KithModeration moderation = new KithModeration(address(kith));
        ids = new uint256[](IDS);
        for (uint256 i; i < IDS; ++i) {
            ids[i] = moderation.createList("list", actors[i]);
        }
        pokes = new bytes[](3);
        pokes[0] = abi.encodeCall(KithModeration.createList, ("another", actors[4]));
        pokes[1] = abi.encodeCall(KithModeration.addListMembers, (1, _one(1)));
        pokes[2] = abi.encodeCall(KithModeration.removeListMembers, (2, _one(1)));
        return (moderation, ids, pokes);
    }

    function _one(uint256 id) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = id;
    }
}

contract KithChannelsOwnedIdsInvariantTest is KithOwnedIdsInvariantTest {
    function _deploy(Kith kith) internal override returns (IKithOwnedIds, uint256[] memory ids, bytes[] memory pokes) {
        KithChannels channels = new KithChannels(address(kith));
        ids = new uint256[](IDS);
        for (uint256 i; i < IDS; ++i) {
            ids[i] = channels.createChannel(
                string.concat("channel", vm.toString(i)), actors[i], IKithChannels.Membership.Open, address(0), 0
            );
        }
        pokes = new bytes[](4);
        pokes[0] = abi.encodeCall(KithChannels.setModerator, (1, actors[3], true));
        pokes[1] = abi.encodeCall(KithChannels.setRules, (2, IKithChannels.Membership.Approval, address(0), 0));
        pokes[2] = abi.encodeCall(KithChannels.pinPost, (3, 0));
        pokes[3] = abi.encodeCall(KithChannels.setBanned, (1, 1, true, "poke"));
        return (channels, ids, pokes);
    }
}
