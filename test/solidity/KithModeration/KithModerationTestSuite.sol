// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {KithModeration} from "../../../contracts/KithModeration.sol";
import {IKithModeration} from "../../../contracts/interfaces/IKithModeration.sol";
import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {KithExtensionTestSuite} from "../KithExtensionTestSuite.sol";

/// @notice Setup and helpers for the KithModeration tests: the suite's three profiles, a
///         `KithModeration` beside Kith, and the signed types written out from the interface.
abstract contract KithModerationTestSuite is KithExtensionTestSuite {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev Written out from the interface docs, not read from the contract (STYLE 6).
    string internal constant LABEL_TYPE =
        "Label(uint256 subject,string value,uint256 expiry,uint256 nonce,uint256 deadline)";
    string internal constant NEGATE_LABEL_TYPE =
        "NegateLabel(uint256 subject,string value,uint256 nonce,uint256 deadline)";
    string internal constant CREATE_LIST_TYPE =
        "CreateList(string name,address owner,uint256 nonce,uint256 deadline)";
    string internal constant ADD_LIST_MEMBERS_TYPE =
        "AddListMembers(uint256 listId,uint256[] profileIds,uint256 nonce,uint256 deadline)";
    string internal constant REMOVE_LIST_MEMBERS_TYPE =
        "RemoveListMembers(uint256 listId,uint256[] profileIds,uint256 nonce,uint256 deadline)";
    string internal constant SUBSCRIBE_TO_LABELER_TYPE =
        "SubscribeToLabeler(uint256 profileId,address labeler,string[] values,uint8[] actions,uint256 nonce,uint256 deadline)";
    string internal constant UNSUBSCRIBE_FROM_LABELER_TYPE =
        "UnsubscribeFromLabeler(uint256 profileId,address labeler,uint256 nonce,uint256 deadline)";
    string internal constant SUBSCRIBE_TO_LIST_TYPE =
        "SubscribeToList(uint256 profileId,uint256 listId,uint8 mode,uint256 nonce,uint256 deadline)";
    string internal constant UNSUBSCRIBE_FROM_LIST_TYPE =
        "UnsubscribeFromList(uint256 profileId,uint256 listId,uint256 nonce,uint256 deadline)";

    string internal constant MODERATION_DOMAIN_NAME = "Kith Moderation";

    uint256 internal constant MAX_LABEL_LENGTH = 64;
    uint256 internal constant MAX_NAME_LENGTH = 64;
    uint256 internal constant MAX_BATCH = 100;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    KithModeration internal moderation;
    /// @dev A post of bob's: a label subject at or above 2**160.
    uint256 internal bobPostId;
    /// @dev Labels things; holds no profile.
    address internal labeler;
    uint256 internal labelerPk;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual override {
        super.setUp();
        moderation = new KithModeration(address(kith));
        bobPostId = _post(bobId, CONTENT_HASH);
        (labeler, labelerPk) = makeAddrAndKey("labeler");
    }

    function _extension() internal view override returns (address) {
        return address(moderation);
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev carol creates a list owned by `owner`.
    function _createList(address owner) internal returns (uint256 listId) {
        vm.prank(carol);
        listId = moderation.createList("spammers", owner);
    }

    function _policies(IKithModeration.LabelAction a, IKithModeration.LabelAction b)
        internal
        pure
        returns (IKithModeration.LabelAction[] memory actions)
    {
        actions = new IKithModeration.LabelAction[](2);
        (actions[0], actions[1]) = (a, b);
    }

    function _values(string memory a, string memory b) internal pure returns (string[] memory values) {
        values = new string[](2);
        (values[0], values[1]) = (a, b);
    }

    /// @dev `n` policies, all `Hide`.
    function _hideAll(uint256 n) internal pure returns (IKithModeration.LabelAction[] memory actions) {
        actions = new IKithModeration.LabelAction[](n);
        for (uint256 i; i < n; ++i) {
            actions[i] = IKithModeration.LabelAction.Hide;
        }
    }

    function _signSubscribeToLabeler(
        uint256 signerPk,
        uint256 profileId,
        address labelerAddress,
        string[] memory values,
        IKithModeration.LabelAction[] memory actions
    ) internal view returns (IKithSignatures.SignedAuth memory) {
        bytes memory fields = abi.encode(
            profileId, labelerAddress, _hashStrings(values), keccak256(abi.encodePacked(actions))
        );
        return _sign(signerPk, SUBSCRIBE_TO_LABELER_TYPE, fields);
    }

    function _signSubscribeToList(uint256 signerPk, uint256 profileId, uint256 listId, IKithModeration.ListMode mode)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return _sign(signerPk, SUBSCRIBE_TO_LIST_TYPE, abi.encode(profileId, listId, mode));
    }

    function _signLabel(uint256 signerPk, uint256 subject, string memory value, uint256 expiry)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return _sign(signerPk, LABEL_TYPE, abi.encode(subject, keccak256(bytes(value)), expiry));
    }

    function _signMembers(string memory typeString, uint256 signerPk, uint256 listId, uint256[] memory profileIds)
        internal
        view
        returns (IKithSignatures.SignedAuth memory)
    {
        return _sign(signerPk, typeString, abi.encode(listId, keccak256(abi.encodePacked(profileIds))));
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    function _invalidLabel(string memory value, uint256 index) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithModeration.InvalidLabel.selector, value, index);
    }

    function _invalidBatch(uint256 length) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKithModeration.InvalidBatch.selector, length);
    }
}
