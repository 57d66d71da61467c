// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithOwnedIds} from "../../../../contracts/interfaces/IKithOwnedIds.sol";
import {ModelHandler} from "../../handlers/ModelHandler.sol";

/// @notice Drives random offers, withdrawals and accepts of a few ids by a few addresses (owners,
///         pending owners and strangers), plus whatever other calls a contract-specific `poke` makes,
///         for the KithOwnedIds invariant tests.
/// @dev The ghost owner and pending owner of each id are the handler's model; after every action
///      it compares `ownerOf` with the model and counts any owner change that was not an accept by
///      the pending owner.
contract OwnedIdsHandler is ModelHandler {
    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    IKithOwnedIds public immutable owned;

    uint256[] public ids;
    address[] public actors;

    mapping(uint256 id => address owner) public ghostOwner;
    mapping(uint256 id => address pending) public ghostPending;

    /// @notice Owner changes seen outside an accept by the pending owner. Must stay 0.
    uint256 public ownerChangesOutsideAccept;
    uint256 public accepts;

    /// @dev The calldata `poke` may send, chosen by the invariant test.
    bytes[] internal _pokes;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param _ids Existing ids of `_owned`, each owned by one of `_actors`.
    constructor(IKithOwnedIds _owned, uint256[] memory _ids, address[] memory _actors, bytes[] memory pokes) {
        owned = _owned;
        ids = _ids;
        actors = _actors;
        _pokes = pokes;
        for (uint256 i; i < _ids.length; ++i) {
            ghostOwner[_ids[i]] = _owned.ownerOf(_ids[i]);
        }
    }

    function idCount() external view returns (uint256) {
        return ids.length;
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev From the owner half the time; to a random actor or the zero address (withdraws).
    function offer(uint256 idSeed, uint256 fromSeed, uint256 toSeed) external {
        uint256 id = ids[idSeed % ids.length];
        address from = fromSeed % 2 == 0 ? ghostOwner[id] : _actor(fromSeed >> 1);
        address to = toSeed % 5 == 0 ? address(0) : _actor(toSeed);
        bytes memory expectedError;
        if (from != ghostOwner[id]) expectedError = abi.encodeWithSelector(IKithOwnedIds.NotOwner.selector, id, from);
        bytes memory callData = abi.encodeCall(IKithOwnedIds.transferOwnership, (id, to));
        if (_attempt(address(owned), from, callData, expectedError)) ghostPending[id] = to;
        _checkOwners();
    }

    /// @dev By the pending owner half the time (when there is one), by a random actor otherwise.
    function accept(uint256 idSeed, uint256 actorSeed) external {
        uint256 id = ids[idSeed % ids.length];
        address pending = ghostPending[id];
        address actor = actorSeed % 2 == 0 && pending != address(0) ? pending : _actor(actorSeed >> 1);
        bytes memory expectedError;
        if (actor != pending) expectedError = abi.encodeWithSelector(IKithOwnedIds.NotPendingOwner.selector, id, actor);
        bytes memory callData = abi.encodeCall(IKithOwnedIds.acceptOwnership, (id));
        if (_attempt(address(owned), actor, callData, expectedError)) {
            (ghostOwner[id], ghostPending[id]) = (actor, address(0));
            ++accepts;
        }
        _checkOwners();
    }

    /// @dev One of the contract's other calls (as the test encoded them), sent by a random actor:
    ///      whether it succeeds does not matter, only that no owner changes.
    function poke(uint256 pokeSeed, uint256 actorSeed) external {
        if (_pokes.length == 0) return;
        vm.prank(_actor(actorSeed));
        (bool ok,) = address(owned).call(_pokes[pokeSeed % _pokes.length]);
        ok; // either way is fine
        _checkOwners();
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    /// @dev Every id's owner equals the model's, which only an accept by the pending owner moves.
    function _checkOwners() internal {
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            address owner = owned.ownerOf(id);
            if (owner != ghostOwner[id]) ++ownerChangesOutsideAccept;
            if (owned.pendingOwnerOf(id) != ghostPending[id]) {
                ++mismatches;
                lastMismatch = abi.encode(id, owned.pendingOwnerOf(id), ghostPending[id]);
            }
        }
    }
}
